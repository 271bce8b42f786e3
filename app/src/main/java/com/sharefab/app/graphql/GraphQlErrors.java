package com.sharefab.app.graphql;

import com.sharefab.command.axon.DomainException;
import com.sharefab.query.graphql.AccessDeniedException;
import com.sharefab.query.graphql.InvalidArgumentException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import jakarta.validation.ConstraintViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;

/**
 * The one place where exceptions become GraphQL errors: every error gets an {@code extensions.code} and a
 * message a person can act on; nothing of the server's insides (no stack trace, no class names) leaves.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable exception, DataFetchingEnvironment env) {
        Throwable cause = unwrap(exception);
        if (cause instanceof DomainException domain) {
            var type = switch (domain.code()) {
                case "NOT_FOUND" -> ErrorType.NOT_FOUND;
                case "FORBIDDEN" -> ErrorType.FORBIDDEN;
                default -> ErrorType.BAD_REQUEST;
            };
            return error(env, type, domain.code(), domain.getMessage(), inputField(env, domain.field()));
        }
        if (cause instanceof AccessDeniedException denied) {
            var type = AccessDeniedException.UNAUTHENTICATED.equals(denied.code())
                    ? ErrorType.UNAUTHORIZED
                    : ErrorType.FORBIDDEN;
            return error(env, type, denied.code(), denied.getMessage(), null);
        }
        if (cause instanceof JSR303ViolationException violations) {
            var fields = violations.getViolations().stream()
                    .sorted(java.util.Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> fieldError(env, v))
                    .toList();
            var first = fields.get(0);
            return error(
                    env, ErrorType.BAD_REQUEST, ErrorCodes.BAD_USER_INPUT,
                    first.get("field") + " " + first.get("message"), first.get("field"), fields);
        }
        if (cause instanceof BindException bind) {
            var fieldError = bind.getFieldError();
            String field = fieldError == null ? null : inputField(env, fieldError.getField());
            return error(env, ErrorType.BAD_REQUEST, ErrorCodes.BAD_USER_INPUT,
                    field == null ? "the input could not be read" : field + " has a value of the wrong type", field);
        }
        if (cause instanceof InvalidArgumentException invalid) {
            return error(env, ErrorType.BAD_REQUEST, ErrorCodes.BAD_USER_INPUT, invalid.getMessage(), invalid.argument());
        }
        if (cause instanceof AggregateNotFoundException) {
            return error(env, ErrorType.NOT_FOUND, ErrorCodes.NOT_FOUND, "no such " + env.getField().getName() + " target", null);
        }
        if (cause instanceof IncompatibleAggregateException) {
            // Axon loaded another kind's stream under this id and found no identifier set: nothing was appended.
            return error(env, ErrorType.BAD_REQUEST, ErrorCodes.ID_IN_USE,
                    "this id belongs to a record of another kind", null);
        }
        if (cause instanceof ConcurrencyException) {
            return error(env, ErrorType.BAD_REQUEST, ErrorCodes.CONCURRENT_MODIFICATION,
                    "someone else changed it at the same moment; retry", null);
        }
        log.error("Unexpected error in {}", env.getExecutionStepInfo().getPath(), exception);
        return error(env, ErrorType.INTERNAL_ERROR, ErrorCodes.INTERNAL_ERROR, "internal error; it was logged", null);
    }

    private static Throwable unwrap(Throwable exception) {
        Throwable current = exception;
        while ((current instanceof CommandExecutionException || current instanceof java.util.concurrent.CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static Map<String, Object> fieldError(DataFetchingEnvironment env, ConstraintViolation<?> violation) {
        var map = new LinkedHashMap<String, Object>();
        map.put("field", inputField(env, violation.getPropertyPath().toString()));
        map.put("message", violation.getMessage());
        return map;
    }

    /** The path of a command field as the client sent it: {@code input.uscc}. */
    private static String inputField(DataFetchingEnvironment env, String field) {
        if (field == null) {
            return null;
        }
        return env.getArguments().containsKey("input") ? "input." + field : field;
    }

    private static GraphQLError error(
            DataFetchingEnvironment env, ErrorType type, String code, String message, Object field) {
        return error(env, type, code, message, field, null);
    }

    private static GraphQLError error(
            DataFetchingEnvironment env, ErrorType type, String code, String message, Object field,
            List<Map<String, Object>> fieldErrors) {
        var extensions = new LinkedHashMap<String, Object>();
        extensions.put("code", code);
        if (field != null) {
            extensions.put("field", field);
        }
        if (fieldErrors != null) {
            extensions.put("fieldErrors", fieldErrors);
        }
        return GraphqlErrorBuilder.newError(env)
                .errorType(type)
                .message(message)
                .extensions(extensions)
                .build();
    }
}
