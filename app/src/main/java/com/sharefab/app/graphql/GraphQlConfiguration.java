package com.sharefab.app.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** Scalars for every feature, and a schema that may not drift from its controllers. */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GraphQlConfiguration.class);

    @Bean
    RuntimeWiringConfigurer scalars() {
        return wiring -> wiring.scalar(ExtendedScalars.Date)
                .scalar(dateTime())
                .scalar(ExtendedScalars.GraphQLLong);
    }

    /**
     * Fails the start (and so the build's tests) when a schema field has no data fetcher, a controller maps a
     * field the schema lacks, or an argument is not bound: the schema is the contract with the phones.
     */
    @Bean
    GraphQlSourceBuilderCustomizer failOnUnmappedSchema() {
        return builder -> builder.inspectSchemaMappings(report -> {
            boolean clean = report.unmappedFields().isEmpty()
                    && report.unmappedRegistrations().isEmpty()
                    && report.unmappedArguments().isEmpty();
            if (!clean) {
                log.error("{}", report);
                throw new IllegalStateException("GraphQL schema and controllers disagree: " + report);
            }
        });
    }

    /** ISO-8601 instants; the extended scalar serializes {@link Instant} too, which our read models hold. */
    @SuppressWarnings("deprecation")
    private static GraphQLScalarType dateTime() {
        Coercing<Object, String> delegate = (Coercing<Object, String>) ExtendedScalars.DateTime.getCoercing();
        return GraphQLScalarType.newScalar(ExtendedScalars.DateTime)
                .coercing(new Coercing<Object, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale)
                            throws CoercingSerializeException {
                        var converted = value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
                        return delegate.serialize(converted, context, locale);
                    }

                    @Override
                    public Object parseValue(Object input, GraphQLContext context, Locale locale)
                            throws CoercingParseValueException {
                        return ((OffsetDateTime) delegate.parseValue(input, context, locale)).toInstant();
                    }

                    @Override
                    public Object parseLiteral(
                            Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale)
                            throws CoercingParseLiteralException {
                        return ((OffsetDateTime) delegate.parseLiteral(input, variables, context, locale)).toInstant();
                    }

                    @Override
                    public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                        var converted = input instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : input;
                        return delegate.valueToLiteral(converted, context, locale);
                    }
                })
                .build();
    }
}
