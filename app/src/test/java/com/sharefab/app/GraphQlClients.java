package com.sharefab.app;

import com.sharefab.events.Actor;
import java.time.Duration;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/** GraphQL over HTTP to a running app, as a phone would reach it. */
public final class GraphQlClients {

    private GraphQlClients() {}

    /** A tester posting to {@code http://127.0.0.1:port/graphql}, with no identity. */
    public static HttpGraphQlTester http(int port) {
        var client = WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://127.0.0.1:" + port + "/graphql")
                .responseTimeout(Duration.ofSeconds(30));
        return HttpGraphQlTester.builder(client).build();
    }

    /**
     * A tester acting as {@code actor}. Every test that needs an identity goes through here, so how the app learns
     * who calls (development headers today, a token from the development issuer later) changes in one place.
     */
    public static HttpGraphQlTester as(int port, Actor actor) {
        return http(port).mutate()
                .header("X-Actor-Id", actor.userId())
                .header("X-Actor-Firm", actor.firmId())
                .header("X-Actor-Role", actor.role())
                .build();
    }

    /**
     * A GraphQL-over-WebSocket tester on {@code ws://127.0.0.1:port/graphql} acting as {@code actor} (the identity
     * travels with the handshake); change it together with {@link #as}.
     */
    public static WebSocketGraphQlTester webSocketAs(int port, Actor actor) {
        return WebSocketGraphQlTester.builder("ws://127.0.0.1:" + port + "/graphql", new StandardWebSocketClient())
                .header("X-Actor-Id", actor.userId())
                .header("X-Actor-Firm", actor.firmId())
                .header("X-Actor-Role", actor.role())
                .build();
    }
}
