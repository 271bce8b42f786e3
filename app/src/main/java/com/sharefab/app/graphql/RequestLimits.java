package com.sharefab.app.graphql;

import com.sharefab.query.graphql.Access;
import com.sharefab.query.graphql.Cursors;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The limits every GraphQL request is held to, so one hostile client cannot take the API down: depth, complexity,
 * aliases, repeated fields, operations per document, mutations per firm (Resilience4j {@code RateLimiter}), and no
 * mutation over GET. Document size, body size, batching and the timeout are enforced before execution
 * ({@link RequestLimitsInterceptor}, {@link GraphQlRequestFilter}). Each refusal has its own code ({@link LimitCodes}).
 */
@Configuration(proxyBeanMethods = false)
class RequestLimits {

    /** GraphQL context key: the HTTP method the request came with ({@code GET} or absent). */
    static final String HTTP_METHOD = "sharefab.httpMethod";
    /** GraphQL context key: where the running {@link ExecutionInput} is kept, so a timeout can cancel it. */
    static final String EXECUTION_INPUT = "sharefab.executionInput";
    /** GraphQL context key: the caller's address, the rate-limit key of anonymous mutations. */
    static final String REMOTE_ADDRESS = "sharefab.remoteAddress";

    private static final int MAX_PAGE = Cursors.MAX_PAGE_SIZE;

    @Bean
    MaxQueryDepthInstrumentation maxDepth(@Value("${sharefab.graphql.limits.max-depth}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth) {
            @Override
            protected AbortExecutionException mkAbortException(int depth, int max) {
                return LimitCodes.abort(LimitCodes.MAX_DEPTH_EXCEEDED,
                        "the query is " + depth + " fields deep; at most " + max + " are allowed");
            }
        };
    }

    /**
     * Complexity: each field costs 1 plus its selection, and a field with a {@code first} argument (a connection
     * page) costs its selection once per requested item (20 when not given, at most {@link Cursors#MAX_PAGE_SIZE}).
     */
    @Bean
    MaxQueryComplexityInstrumentation maxComplexity(
            @Value("${sharefab.graphql.limits.max-complexity}") int maxComplexity) {
        FieldComplexityCalculator calculator = (env, childComplexity) -> {
            boolean paged = env.getFieldDefinition().getArgument("first") != null;
            Object first = env.getArguments().get("first");
            // a page larger than the most a connection serves is refused by its resolver (BAD_USER_INPUT)
            int items = !paged ? 1 : first instanceof Number n ? Math.max(1, Math.min(n.intValue(), MAX_PAGE)) : 20;
            return 1 + items * childComplexity;
        };
        return new MaxQueryComplexityInstrumentation(maxComplexity, calculator) {
            @Override
            protected AbortExecutionException mkAbortException(int complexity, int max) {
                return LimitCodes.abort(LimitCodes.MAX_COMPLEXITY_EXCEEDED,
                        "the query's complexity is " + complexity + "; at most " + max + " is allowed");
            }
        };
    }

    @Bean
    DocumentLimits documentLimits(
            @Value("${sharefab.graphql.limits.max-aliases}") int maxAliases,
            @Value("${sharefab.graphql.limits.max-repeated-fields}") int maxRepeated,
            @Value("${sharefab.graphql.limits.max-operations}") int maxOperations,
            @Value("${sharefab.graphql.limits.mutations-per-firm.limit-for-period}") int mutationsPerPeriod,
            @Value("${sharefab.graphql.limits.mutations-per-firm.period}") Duration period) {
        var rateLimiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(mutationsPerPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO) // refuse at once, never park a request thread
                .build());
        return new DocumentLimits(maxAliases, maxRepeated, maxOperations, rateLimiters);
    }

    /** Aliases, repeated fields, operations per document, mutations over GET, and the per-firm mutation rate. */
    static final class DocumentLimits extends SimplePerformantInstrumentation {

        private final int maxAliases;
        private final int maxRepeated;
        private final int maxOperations;
        private final RateLimiterRegistry rateLimiters;

        DocumentLimits(int maxAliases, int maxRepeated, int maxOperations, RateLimiterRegistry rateLimiters) {
            this.maxAliases = maxAliases;
            this.maxRepeated = maxRepeated;
            this.maxOperations = maxOperations;
            this.rateLimiters = rateLimiters;
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecution(
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            AtomicReference<ExecutionInput> holder = parameters.getGraphQLContext().get(EXECUTION_INPUT);
            if (holder != null) {
                holder.set(parameters.getExecutionInput());
            }
            return SimpleInstrumentationContext.noOp();
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            var execution = parameters.getExecutionContext();
            int operations = execution.getDocument().getDefinitionsOfType(OperationDefinition.class).size();
            if (operations > maxOperations) {
                throw LimitCodes.abort(LimitCodes.TOO_MANY_OPERATIONS,
                        "the document holds " + operations + " operations; at most " + maxOperations + " are allowed");
            }
            var operation = execution.getOperationDefinition();
            var counts = new Counts();
            count(operation.getSelectionSet(), execution.getFragmentsByName(), counts, 0);
            if (counts.aliases > maxAliases) {
                throw LimitCodes.abort(LimitCodes.TOO_MANY_ALIASES,
                        "the query uses " + counts.aliases + " aliases; at most " + maxAliases + " are allowed");
            }
            if (counts.maxRepeated > maxRepeated) {
                throw LimitCodes.abort(LimitCodes.TOO_MANY_REPEATED_FIELDS,
                        "field " + counts.repeatedField + " is selected " + counts.maxRepeated
                                + " times in one selection; at most " + maxRepeated + " are allowed");
            }
            if (operation.getOperation() != OperationDefinition.Operation.QUERY
                    && "GET".equals(execution.getGraphQLContext().get(HTTP_METHOD))) {
                throw LimitCodes.abort(LimitCodes.METHOD_NOT_ALLOWED,
                        "only queries may be sent with GET; send " + operation.getOperation().name().toLowerCase()
                                + "s with POST");
            }
            if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
                var actor = Access.actor(execution.getGraphQLContext());
                String key = actor.firmId() != null
                        ? "firm:" + actor.firmId()
                        : "anonymous:" + execution.getGraphQLContext().getOrDefault(REMOTE_ADDRESS, "unknown");
                int mutations = Math.max(1, operation.getSelectionSet().getSelections().size());
                if (!rateLimiters.rateLimiter(key).acquirePermission(mutations)) {
                    throw LimitCodes.abort(LimitCodes.RATE_LIMITED,
                            "too many changes from your firm in a short time; wait a moment and retry");
                }
            }
            return SimpleInstrumentationContext.noOp();
        }

        private static final class Counts {
            int aliases;
            int maxRepeated;
            String repeatedField;
        }

        /** Counts aliases everywhere and the most often one field name appears in one selection set. */
        private static void count(
                SelectionSet selectionSet, Map<String, FragmentDefinition> fragments, Counts counts, int nesting) {
            if (selectionSet == null || nesting > 100) {
                return;
            }
            var byName = new HashMap<String, Integer>();
            countLevel(selectionSet, fragments, counts, byName, nesting);
            byName.forEach((name, times) -> {
                if (times > counts.maxRepeated) {
                    counts.maxRepeated = times;
                    counts.repeatedField = name;
                }
            });
        }

        /** One selection level; a fragment's fields count as a level of their own. */
        private static void countLevel(
                SelectionSet selectionSet,
                Map<String, FragmentDefinition> fragments,
                Counts counts,
                Map<String, Integer> byName,
                int nesting) {
            for (Selection<?> selection : selectionSet.getSelections()) {
                if (selection instanceof Field field) {
                    if (field.getAlias() != null) {
                        counts.aliases++;
                    }
                    byName.merge(field.getName(), 1, Integer::sum);
                    count(field.getSelectionSet(), fragments, counts, nesting + 1);
                } else if (selection instanceof InlineFragment inline) {
                    // a fragment may be on another type of a union: its fields are counted on their own
                    count(inline.getSelectionSet(), fragments, counts, nesting + 1);
                } else if (selection instanceof FragmentSpread spread && fragments.get(spread.getName()) != null) {
                    count(fragments.get(spread.getName()).getSelectionSet(), fragments, counts, nesting + 1);
                }
            }
        }
    }
}
