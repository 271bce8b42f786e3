package com.sharefab.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.errors.SchemaProblem;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Parses and merges every schema file, as the app does at start, so a broken contract fails this module's build. */
class SchemaFilesTest {

    @Test
    void parseAll_everyFeatureFile_mergesIntoOneValidSchema() throws Exception {
        var files = schemaFiles();
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("schema.graphqls", "firm.graphqls");

        var schema = merge(files);

        assertThat(schema.getQueryType().getFieldDefinition("firm")).isNotNull();
        assertThat(schema.getMutationType().getFieldDefinition("registerFirm")).isNotNull();
    }

    @Test
    void parseAll_everyObjectType_hasNonNullId() throws Exception {
        var schema = merge(schemaFiles());

        var withoutId = schema.getAllTypesAsList().stream()
                .filter(GraphQLObjectType.class::isInstance)
                .map(GraphQLObjectType.class::cast)
                .filter(type -> !type.getName().startsWith("__"))
                .filter(type -> !List.of("Query", "Mutation", "Subscription").contains(type.getName()))
                // Relay plumbing and value objects embedded in their owner are normalised through their owner.
                .filter(type -> !type.getName().endsWith("Connection") && !type.getName().endsWith("Edge"))
                .filter(type -> !type.getName().endsWith("Payload"))
                .filter(type -> !List.of("PageInfo", "Money", "UserError").contains(type.getName()))
                .filter(type -> type.getFieldDefinition("id") == null)
                .map(GraphQLObjectType::getName)
                .toList();
        assertThat(withoutId).as("object types without id: ID!").isEmpty();
    }

    /** Who may call an entry point is part of the contract: the app refuses to start without it. */
    @Test
    void parseAll_everyRootField_saysWhoMayCallIt() throws Exception {
        var schema = merge(schemaFiles());

        var unguarded = Stream.of(schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType())
                .flatMap(type -> type.getFieldDefinitions().stream()
                        .filter(field -> field.getAppliedDirective("access") == null)
                        .map(field -> type.getName() + "." + field.getName()))
                .toList();
        assertThat(unguarded).as("root fields without @access(anonymous: ..., roles: [...])").isEmpty();
    }

    @Test
    void money_amount_isLongNotInt() throws Exception {
        var schema = merge(schemaFiles());

        var fen = ((GraphQLObjectType) schema.getType("Money")).getFieldDefinition("fen");
        assertThat(fen.getType().toString()).isEqualTo("Long!");
    }

    @Test
    void parse_brokenExtension_isRejected() {
        var registry = new SchemaParser().parse("type Query { a: String }");
        registry.merge(new SchemaParser().parse("extend type Query { b: Missing }"));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SchemaGenerator().makeExecutableSchema(registry, RuntimeWiring.MOCKED_WIRING))
                .isInstanceOf(SchemaProblem.class);
    }

    private static GraphQLSchema merge(List<Path> files) throws IOException {
        var registry = new TypeDefinitionRegistry();
        var parser = new SchemaParser();
        for (var file : files) {
            try (var reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                registry.merge(parser.parse(reader));
            }
        }
        return new SchemaGenerator().makeExecutableSchema(registry, RuntimeWiring.MOCKED_WIRING);
    }

    private static List<Path> schemaFiles() throws URISyntaxException, IOException {
        var dir = Path.of(SchemaFilesTest.class.getResource("/graphql").toURI());
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(p -> p.toString().endsWith(".graphqls")).sorted().toList();
        }
    }
}
