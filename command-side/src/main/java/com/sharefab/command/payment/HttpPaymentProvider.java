package com.sharefab.command.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sharefab.events.Money;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * The provider over HTTP (the JDK client), behind {@link ResilientCalls}. Each operation's request is built once
 * with its idempotency key (header {@code Idempotency-Key}, the operation id) and resent unchanged on every retry.
 */
@Component
class HttpPaymentProvider implements PaymentProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentProviderSettings settings;
    private final HttpClient client;
    private final ResilientCalls calls;

    HttpPaymentProvider(PaymentProviderSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.callTimeout()).build();
        this.calls = new ResilientCalls(settings);
    }

    ResilientCalls calls() {
        return calls;
    }

    @Override
    public ProviderPayment createPayment(String paymentId, Money amount, String notifyUrl) {
        var answer = post("create payment " + paymentId, "/v1/payments", paymentId, Map.of(
                "reference", paymentId,
                "amountFen", amount.fen(),
                "currency", amount.currency(),
                "notifyUrl", notifyUrl));
        return new ProviderPayment(
                answer.path("providerPaymentId").asText(), answer.path("payUrl").asText(), answer.path("payToken").asText());
    }

    @Override
    public String refund(String refundId, String providerPaymentId, Money amount) {
        return post("refund " + refundId, "/v1/refunds", refundId, Map.of(
                        "providerPaymentId", providerPaymentId,
                        "amountFen", amount.fen(),
                        "currency", amount.currency()))
                .path("providerRefundId")
                .asText();
    }

    @Override
    public String payout(String payoutId, String payeeFirmId, Money amount) {
        return post("payout " + payoutId, "/v1/payouts", payoutId, Map.of(
                        "payeeId", payeeFirmId,
                        "amountFen", amount.fen(),
                        "currency", amount.currency()))
                .path("providerPayoutId")
                .asText();
    }

    @Override
    public List<ProviderRecord> records() {
        var request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/v1/records"))
                .timeout(settings.callTimeout())
                .GET()
                .build();
        JsonNode answer = calls.call("list records", () -> send(request));
        var records = new ArrayList<ProviderRecord>();
        for (JsonNode record : answer.path("records")) {
            records.add(new ProviderRecord(
                    record.path("type").asText(),
                    record.path("id").asText(),
                    record.path("idempotencyKey").asText(),
                    record.path("reference").asText(),
                    new Money(record.path("amountFen").asLong(), record.path("currency").asText()),
                    record.path("status").asText()));
        }
        return records;
    }

    private JsonNode post(String operation, String path, String idempotencyKey, Map<String, Object> body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // Built once: every retry sends exactly this request, under the same key.
        var request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.callTimeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return calls.call(operation, () -> send(request));
    }

    private CompletableFuture<JsonNode> send(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() >= 300) {
                throw new ProviderCallException(
                        response.statusCode(),
                        response.headers().firstValue("Retry-After").map(HttpPaymentProvider::seconds).orElse(null),
                        new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            try {
                return JSON.readTree(response.body());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to our own backoff
        }
    }
}
