package com.sharefab.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.publisher.Mono;

/**
 * GraphQL over HTTP and WebSocket to a running app, as a phone would reach it. The one place where tests get an
 * identity: a real token from the app's development issuer ({@code POST /dev/tokens}, on in tests as in the dev
 * profile), sent as {@code Authorization: Bearer} over HTTP and in {@code connection_init} over WebSocket.
 */
public final class GraphQlClients {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The platform operator (may register any firm, reads every firm's data). */
    public static final Actor OPERATOR = new Actor("operator-1", "sharefab-platform", "OPERATOR");
    /** An auditor: reads everything, changes nothing. */
    public static final Actor AUDITOR = new Actor("auditor-1", "sharefab-audit", "AUDITOR");

    private GraphQlClients() {}

    /** A tester posting to {@code http://127.0.0.1:port/graphql}, with no identity (anonymous). */
    public static HttpGraphQlTester http(int port) {
        var client = WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://127.0.0.1:" + port + "/graphql")
                .responseTimeout(Duration.ofSeconds(30));
        return HttpGraphQlTester.builder(client).build();
    }

    /**
     * A tester acting as {@code actor} (user, firm, role): it sends a token the app issued for that actor. An
     * anonymous actor gets no token.
     */
    public static HttpGraphQlTester as(int port, Actor actor) {
        if (!Access.signedIn(actor)) {
            return http(port);
        }
        return http(port).mutate().header("Authorization", "Bearer " + token(port, actor)).build();
    }

    /** An actor of {@code firmId} in {@code role}, with a user id derived from both. */
    public static Actor actor(String firmId, String role) {
        return new Actor("user-of-" + firmId + "-" + role.toLowerCase(java.util.Locale.ROOT), firmId, role);
    }

    /**
     * A WebSocket tester to {@code ws://127.0.0.1:port/graphql} acting as {@code actor}: the token goes in the
     * {@code connection_init} payload. Stop it when done.
     */
    public static WebSocketGraphQlTester webSocket(int port, Actor actor) {
        if (Access.signedIn(actor)) {
            return webSocketWithToken(port, token(port, actor));
        }
        return WebSocketGraphQlTester.builder("ws://127.0.0.1:" + port + "/graphql", new StandardWebSocketClient())
                .build();
    }

    /** The same as {@link #webSocket(int, Actor)}: a WebSocket tester acting as {@code actor}. */
    public static WebSocketGraphQlTester webSocketAs(int port, Actor actor) {
        return webSocket(port, actor);
    }

    /** A WebSocket tester whose {@code connection_init} carries {@code token} as it is (valid or not). */
    public static WebSocketGraphQlTester webSocketWithToken(int port, String token) {
        return WebSocketGraphQlTester.builder("ws://127.0.0.1:" + port + "/graphql", new StandardWebSocketClient())
                .interceptor(new WebSocketGraphQlClientInterceptor() {
                    @Override
                    public Mono<Object> connectionInitPayload() {
                        return Mono.just(Map.of("Authorization", "Bearer " + token));
                    }
                })
                .build();
    }

    /**
     * A token for {@code actor} from the development issuer of the app on {@code port}. Not cached: another app may
     * later listen on the same port with another key.
     */
    public static String token(int port, Actor actor) {
        try {
            var body = JSON.writeValueAsString(Map.of(
                    "firmId", actor.firmId(), "role", actor.role(), "userId", actor.userId()));
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/tokens"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /dev/tokens answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body()).get("token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("cannot get a token from the app on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
