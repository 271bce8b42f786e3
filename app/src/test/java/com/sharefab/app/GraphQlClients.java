package com.sharefab.app;

import java.time.Duration;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/** GraphQL over HTTP to a running app, as a phone would reach it. */
public final class GraphQlClients {

    private GraphQlClients() {}

    /** A tester posting to {@code http://127.0.0.1:port/graphql}. */
    public static HttpGraphQlTester http(int port) {
        var client = WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://127.0.0.1:" + port + "/graphql")
                .responseTimeout(Duration.ofSeconds(30));
        return HttpGraphQlTester.builder(client).build();
    }
}
