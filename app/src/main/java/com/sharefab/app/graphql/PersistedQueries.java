package com.sharefab.app.graphql;

import com.sharefab.app.support.BoundedMaps;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.persisted.ApolloPersistedQuerySupport;
import graphql.execution.preparsed.persisted.PersistedQueryCache;
import graphql.execution.preparsed.persisted.PersistedQueryCacheMiss;
import graphql.execution.preparsed.persisted.PersistedQueryNotFound;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Automatic persisted queries (Apollo's protocol, what mobile clients speak): a client sends the SHA-256 of its
 * document in {@code extensions.persistedQuery.sha256Hash}; on {@code PERSISTED_QUERY_NOT_FOUND} it sends hash and
 * document once, which is checked against the hash, parsed, validated and kept. The cache is bounded (least recently
 * used goes first), so unknown documents cannot fill the memory.
 *
 * <p>A request that sends its document in full (no persisted-query hash) is parsed and validated once per distinct
 * document too: the parsed, validated document is kept by its text in a second bounded cache. Parsing and validating
 * the order screen's query was about a twentieth of an {@code order(id)} request's CPU time. Documents with errors
 * are never kept, and the request limits (depth, complexity, aliases) are still checked on every execution.
 */
@Configuration(proxyBeanMethods = false)
class PersistedQueries {

    @Bean
    GraphQlSourceBuilderCustomizer automaticPersistedQueries(@Value("${sharefab.graphql.persisted-queries.max-entries}") int max) {
        var support = new DocumentsByHashOrText(new BoundedCache(max), BoundedMaps.leastRecentlyUsed(max));
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(support));
    }

    /** Apollo's persisted queries when the request names a hash; otherwise the document by its text. */
    static final class DocumentsByHashOrText extends ApolloPersistedQuerySupport {

        private final Map<String, PreparsedDocumentEntry> byText;

        DocumentsByHashOrText(PersistedQueryCache byHash, Map<String, PreparsedDocumentEntry> byText) {
            super(byHash);
            this.byText = byText;
        }

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
                ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            String query = input.getQuery();
            if (getPersistedQueryId(input).isPresent() || query == null || query.isBlank()) {
                return super.getDocumentAsync(input, parseAndValidate);
            }
            var hit = byText.get(query);
            if (hit != null) {
                return CompletableFuture.completedFuture(hit);
            }
            var entry = parseAndValidate.apply(input);
            if (!entry.hasErrors()) {
                byText.put(query, entry);
            }
            return CompletableFuture.completedFuture(entry);
        }
    }

    /** Parsed and validated documents by hash, at most {@code max}. */
    static final class BoundedCache implements PersistedQueryCache {

        private final Map<Object, PreparsedDocumentEntry> entries;

        BoundedCache(int max) {
            entries = BoundedMaps.leastRecentlyUsed(max);
        }

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getPersistedQueryDocumentAsync(
                Object persistedQueryId, ExecutionInput input, PersistedQueryCacheMiss onMiss)
                throws PersistedQueryNotFound {
            var hit = entries.get(persistedQueryId);
            if (hit != null) {
                return CompletableFuture.completedFuture(hit);
            }
            String query = input.getQuery();
            if (query == null || query.isBlank() || PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(query)) {
                throw new PersistedQueryNotFound(persistedQueryId);
            }
            // checks the hash, then parses and validates
            PreparsedDocumentEntry entry = onMiss.apply(query);
            if (!entry.hasErrors()) {
                entries.put(persistedQueryId, entry);
            }
            return CompletableFuture.completedFuture(entry);
        }
    }
}
