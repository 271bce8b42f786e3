package com.sharefab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox over HTTP: idempotency keys, pay and its signed notification, faults, the records listing. */
class SandboxProviderTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private SandboxProvider sandbox;
    private HttpServer webhook;
    private final List<String> notifications = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        sandbox = SandboxProvider.startOnFreePort("s3cret");
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            notifications.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(exchange.getRequestHeaders().getFirst(SandboxProvider.SIGNATURE_HEADER));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
        webhook.stop(0);
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(sandbox.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String aPayment(String key, long fen) {
        return "{\"reference\":\"" + key + "\",\"amountFen\":" + fen + ",\"currency\":\"CNY\",\"notifyUrl\":\"http://127.0.0.1:"
                + webhook.getAddress().getPort() + "/hook\"}";
    }

    @Test
    void createPayment_sameKeyTwice_executesOnceAndAnswersTheSame() throws Exception {
        var first = post("/v1/payments", "k-1", aPayment("k-1", 100));
        var again = post("/v1/payments", "k-1", aPayment("k-1", 100));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(sandbox.executions()).isEqualTo(1);
    }

    @Test
    void createPayment_sameKeyOtherRequest_is409() throws Exception {
        post("/v1/payments", "k-1", aPayment("k-1", 100));

        assertThat(post("/v1/payments", "k-1", aPayment("k-1", 101)).statusCode()).isEqualTo(409);
    }

    @Test
    void pay_oneCall_sendsOneSignedNotification() throws Exception {
        post("/v1/payments", "k-1", aPayment("k-1", 3_000_000_000L));
        String id = sandbox.records().get(0).id();

        sandbox.pay(id);

        assertThat(notifications).hasSize(1);
        assertThat(notifications.get(0)).contains("\"amountFen\":3000000000", "\"reference\":\"k-1\"");
        assertThat(signatures.get(0))
                .isEqualTo(SandboxProvider.sign("s3cret", notifications.get(0).getBytes(StandardCharsets.UTF_8)));
        assertThat(sandbox.records()).extracting(SandboxRecord::status).containsExactly("PAID");
    }

    @Test
    void pay_duplicateNotificationsOn_sendsTwice() throws Exception {
        post("/v1/payments", "k-1", aPayment("k-1", 100));
        sandbox.faults(new Faults(0, 0, 503, 0, 0, 0, 0, false, true));

        sandbox.pay(sandbox.records().get(0).id());

        assertThat(notifications).hasSize(2);
    }

    @Test
    void faults_failNextWith429_answersRetryAfterWithoutExecuting() throws Exception {
        post("/admin/faults", null, "{\"failNext\":1,\"failStatus\":429,\"retryAfterSeconds\":2}");

        var failed = post("/v1/payouts", "po-1", "{\"payeeId\":\"f\",\"amountFen\":5,\"currency\":\"CNY\"}");
        var retried = post("/v1/payouts", "po-1", "{\"payeeId\":\"f\",\"amountFen\":5,\"currency\":\"CNY\"}");

        assertThat(failed.statusCode()).isEqualTo(429);
        assertThat(failed.headers().firstValue("Retry-After")).contains("2");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(sandbox.executions()).isEqualTo(1);
    }

    @Test
    void faults_dropResponse_executesButAnswersNothing() throws Exception {
        sandbox.faults(new Faults(0, 0, 503, 0, 0, 0, 1, false, false));

        assertThatThrownBy(() -> post("/v1/payouts", "po-1", "{\"payeeId\":\"f\",\"amountFen\":5,\"currency\":\"CNY\"}"))
                .isInstanceOf(IOException.class);
        var retried = post("/v1/payouts", "po-1", "{\"payeeId\":\"f\",\"amountFen\":5,\"currency\":\"CNY\"}");

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(sandbox.records()).hasSize(1);
    }

    @Test
    void refund_aboveWhatWasPaid_is422() throws Exception {
        post("/v1/payments", "k-1", aPayment("k-1", 100));
        String id = sandbox.records().get(0).id();
        sandbox.pay(id);

        var tooMuch = post("/v1/refunds", "r-1", "{\"providerPaymentId\":\"" + id + "\",\"amountFen\":101}");
        var all = post("/v1/refunds", "r-2", "{\"providerPaymentId\":\"" + id + "\",\"amountFen\":100}");

        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(all.statusCode()).isEqualTo(200);
    }
}
