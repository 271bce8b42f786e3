package com.sharefab.app.identity;

import com.sharefab.query.graphql.Access;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * Checks the {@code @access} rule of every root field (Query, Mutation, Subscription) before its controller runs,
 * ({@code UNAUTHENTICATED} without a token, {@code FORBIDDEN} for another role), and refuses to start when a root field has no rule, so no new entry point can be open by omission.
 */
@Component
class EntryPointAccess extends SimplePerformantInstrumentation {

    private final Map<GraphQLFieldDefinition, EntryPointRule> rules = new ConcurrentHashMap<>();

    @Override
    public DataFetcher<?> instrumentDataFetcher(
            DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        var step = parameters.getExecutionStepInfo();
        if (step.getPath().getLevel() != 1 || step.getFieldDefinition().getName().startsWith("__")) {
            return dataFetcher;
        }
        // No rule (only possible if the start-up check was bypassed): nobody may call it.
        EntryPointRule rule = rules.computeIfAbsent(
                step.getFieldDefinition(), field -> EntryPointRule.of(field).orElse(EntryPointRule.NOBODY));
        if (rule.anonymous()) {
            return dataFetcher;
        }
        return env -> {
            rule.check(Access.actor(env));
            return dataFetcher.get(env);
        };
    }

    /** Root fields of {@code schema} without an {@code @access} rule, as {@code Type.field}. */
    static List<String> unguarded(GraphQLSchema schema) {
        var missing = new ArrayList<String>();
        Stream.of(schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType())
                .filter(java.util.Objects::nonNull)
                .forEach((GraphQLObjectType type) -> type.getFieldDefinitions().stream()
                        .filter(field -> EntryPointRule.of(field).isEmpty())
                        .forEach(field -> missing.add(type.getName() + "." + field.getName())));
        return missing;
    }

    /** Fails the start when a root field has no {@code @access}: the schema is where its access is decided. */
    @Component
    static class StartupCheck implements SmartInitializingSingleton {

        private final ObjectProvider<GraphQlSource> source;

        StartupCheck(ObjectProvider<GraphQlSource> source) {
            this.source = source;
        }

        @Override
        public void afterSingletonsInstantiated() {
            var graphQl = source.getIfAvailable();
            if (graphQl == null) {
                return;
            }
            var missing = unguarded(graphQl.schema());
            if (!missing.isEmpty()) {
                throw new IllegalStateException("GraphQL entry points without @access (say who may call them): "
                        + missing);
            }
        }
    }
}
