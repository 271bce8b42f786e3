package com.sharefab.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.parser.Parser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PersistedQueriesTest {

    private final AtomicInteger parses = new AtomicInteger();
    private final Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate = input -> {
        parses.incrementAndGet();
        if (input.getQuery().contains("unknownField")) {
            return new PreparsedDocumentEntry(List.of(GraphqlErrorBuilder.newError().message("unknown field").build()));
        }
        return new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
    };

    private final PersistedQueries.DocumentsByHashOrText documents = new PersistedQueries.DocumentsByHashOrText(
            new PersistedQueries.BoundedCache(10), com.sharefab.app.support.BoundedMaps.leastRecentlyUsed(2));

    private PreparsedDocumentEntry send(String query) {
        return documents.getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), parseAndValidate).join();
    }

    @Test
    void aDocumentSentInFull_isParsedAndValidatedOncePerDistinctText() {
        var first = send("{ steps { code } }");
        var again = send("{ steps { code } }");
        send("{ steps { nameZh } }");

        assertThat(again.getDocument()).isSameAs(first.getDocument());
        assertThat(parses).hasValue(2);
    }

    @Test
    void aDocumentWithErrors_isNotKept_andTheCacheIsBounded() {
        send("{ unknownField }");
        assertThat(send("{ unknownField }").hasErrors()).isTrue();
        send("{ a }");
        send("{ b }");
        send("{ c }"); // evicts { a }
        send("{ a }");

        assertThat(parses).hasValue(6);
    }

    @Test
    void aPersistedQueryHash_stillGoesThroughApollosProtocol() {
        var unknownHash = ExecutionInput.newExecutionInput("PersistedQueryMarker")
                .extensions(Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", "00ff")))
                .build();

        var entry = documents.getDocumentAsync(unknownHash, parseAndValidate).join();

        assertThat(entry.getErrors()).singleElement()
                .satisfies(error -> assertThat(error.getMessage()).contains("PersistedQueryNotFound"));
        assertThat(parses).hasValue(0);
    }
}
