package com.sharefab.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A sandbox payment provider over HTTP (the JDK's server; in memory). Merchants create payments, refunds and
 * payouts under an {@code Idempotency-Key}: the same key with the same request answers the first result again
 * without executing twice; with another request it is {@code 409}. A buyer pays with one call
 * ({@code POST /v1/payments/{id}/pay?token=...}); the sandbox then sends the merchant an HMAC-SHA256-signed
 * notification ({@code X-Signature}, hex, over the raw body). {@code GET /v1/records} lists every record for
 * reconciliation; {@code /admin/faults} injects latency, 5xx/429 with {@code Retry-After}, timeouts, dropped
 * responses, an outage, and duplicated notifications.
 */
public final class SandboxProvider implements AutoCloseable {

    /** The signing secret both sides use when none is configured (development only). */
    public static final String DEFAULT_SECRET = "sandbox-secret";

    /** The header carrying the notification's signature. */
    public static final String SIGNATURE_HEADER = "X-Signature";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String secret;
    private final HttpClient notifier =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Object lock = new Object();
    /** Every answer given, by operation and idempotency key: a retry gets the same answer. */
    private final Map<String, Stored> byKey = new LinkedHashMap<>();
    private final Map<String, Payment> payments = new LinkedHashMap<>();
    private final List<SandboxRecord> executed = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger executions = new AtomicInteger();
    private volatile Faults faults = Faults.none();

    private SandboxProvider(HttpServer server, ExecutorService executor, String secret) {
        this.server = server;
        this.executor = executor;
        this.secret = secret;
    }

    /** Starts a sandbox on {@code host:port} (port 0: a free one). */
    public static SandboxProvider start(String host, int port, String secret) {
        try {
            var server = HttpServer.create(new InetSocketAddress(host, port), 64);
            var executor = Executors.newCachedThreadPool(runnable -> {
                var thread = new Thread(runnable, "payment-sandbox");
                thread.setDaemon(true);
                return thread;
            });
            var sandbox = new SandboxProvider(server, executor, secret);
            server.createContext("/", sandbox::handle);
            server.setExecutor(executor);
            server.start();
            return sandbox;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the payment sandbox on " + host + ":" + port, e);
        }
    }

    /** Starts a sandbox on a free port of the loopback interface. */
    public static SandboxProvider startOnFreePort(String secret) {
        return start("127.0.0.1", 0, secret);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        var address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return "http://" + host + ":" + address.getPort();
    }

    /** The faults in force. */
    public Faults faults() {
        return faults;
    }

    /** Sets the faults in force (as {@code POST /admin/faults} does). */
    public void faults(Faults faults) {
        this.faults = faults;
    }

    /** Every record, oldest first. */
    public List<SandboxRecord> records() {
        synchronized (lock) {
            var records = new ArrayList<>(executed);
            for (int i = 0; i < records.size(); i++) {
                var record = records.get(i);
                var payment = payments.get(record.id());
                if ("PAYMENT".equals(record.type()) && payment != null) {
                    records.set(i, payment.record());
                }
            }
            return records;
        }
    }

    /** How many operations were executed (a retry answered from the idempotency store is not one). */
    public int executions() {
        return executions.get();
    }

    /** The buyer pays payment {@code providerPaymentId} in full (as the pay URL does); answers notifications sent. */
    public int pay(String providerPaymentId) {
        return pay(providerPaymentId, null);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // --- HTTP ----------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/admin/")) {
                admin(exchange, method, path, body);
                return;
            }
            if ("GET".equals(method) && "/v1/records".equals(path)) {
                var answer = JSON.createObjectNode();
                answer.set("records", JSON.valueToTree(records()));
                send(exchange, 200, answer);
                return;
            }
            if ("POST".equals(method) && path.matches("/v1/payments/[^/]+/pay")) {
                String id = path.split("/")[3];
                String token = query(exchange.getRequestURI(), "token");
                JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                Long amount = request.hasNonNull("amountFen") ? request.get("amountFen").asLong() : null;
                synchronized (lock) {
                    var payment = payments.get(id);
                    if (payment == null || !payment.token.equals(token)) {
                        send(exchange, 404, error("no payment " + id + " with that token"));
                        return;
                    }
                }
                int notified = pay(id, amount);
                var answer = JSON.createObjectNode().put("status", "PAID").put("notificationsDelivered", notified);
                send(exchange, 200, answer);
                return;
            }
            if ("POST".equals(method)
                    && List.of("/v1/payments", "/v1/refunds", "/v1/payouts").contains(path)) {
                api(exchange, path, body);
                return;
            }
            send(exchange, 404, error("no such endpoint: " + method + " " + path));
        } catch (RuntimeException e) {
            send(exchange, 500, error(String.valueOf(e.getMessage())));
        }
    }

    private void api(HttpExchange exchange, String path, byte[] body) throws IOException {
        Faults now = faults;
        sleep(now.latencyMillis());
        if (now.down()) {
            send(exchange, 503, error("the sandbox is down"));
            return;
        }
        if (take(now, Counter.FAIL)) {
            if (now.retryAfterSeconds() > 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(now.retryAfterSeconds()));
            }
            send(exchange, now.failStatus(), error("injected failure " + now.failStatus()));
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || key.isBlank()) {
            send(exchange, 400, error("Idempotency-Key is required"));
            return;
        }
        JsonNode request = JSON.readTree(body);
        Stored answer;
        synchronized (lock) {
            String storeKey = path + " " + key;
            var stored = byKey.get(storeKey);
            if (stored != null) {
                answer = stored.request.equals(request)
                        ? stored
                        : new Stored(request, 409, error("Idempotency-Key " + key + " was used with another request"));
            } else {
                answer = execute(path, key, request);
                if (answer.status < 300) {
                    byKey.put(storeKey, answer);
                }
            }
        }
        if (take(now, Counter.DROP)) {
            return; // executed; the connection closes without an answer
        }
        if (take(now, Counter.TIMEOUT)) {
            sleep(now.timeoutMillis());
        }
        send(exchange, answer.status, answer.body);
    }

    /** Executes one operation; under the lock. */
    private Stored execute(String path, String key, JsonNode request) {
        long amount = request.path("amountFen").asLong(-1);
        String currency = request.path("currency").asText("CNY");
        if (amount <= 0) {
            return new Stored(request, 422, error("amountFen must be more than 0"));
        }
        Instant at = Instant.now();
        switch (path) {
            case "/v1/payments" -> {
                String id = "pay_" + sequence.incrementAndGet();
                var payment = new Payment(
                        id,
                        key,
                        request.path("reference").asText(key),
                        amount,
                        currency,
                        request.path("notifyUrl").asText(null),
                        UUID.randomUUID().toString());
                payments.put(id, payment);
                executed.add(payment.record());
                executions.incrementAndGet();
                var body = JSON.createObjectNode()
                        .put("providerPaymentId", id)
                        .put("payUrl", url() + "/v1/payments/" + id + "/pay?token=" + payment.token)
                        .put("payToken", payment.token)
                        .put("amountFen", amount)
                        .put("currency", currency)
                        .put("status", "CREATED");
                return new Stored(request, 200, body);
            }
            case "/v1/refunds" -> {
                var payment = payments.get(request.path("providerPaymentId").asText());
                if (payment == null || payment.paidFen == 0) {
                    return new Stored(request, 422, error("no paid payment " + request.path("providerPaymentId")));
                }
                if (payment.refundedFen + amount > payment.paidFen) {
                    return new Stored(request, 422, error("refunds would exceed what was paid"));
                }
                payment.refundedFen += amount;
                String id = "rfd_" + sequence.incrementAndGet();
                executed.add(new SandboxRecord("REFUND", id, key, payment.id, amount, currency, "SUCCEEDED", at.toString()));
                executions.incrementAndGet();
                return new Stored(request, 200, JSON.createObjectNode().put("providerRefundId", id).put("status", "SUCCEEDED"));
            }
            default -> {
                String id = "po_" + sequence.incrementAndGet();
                executed.add(new SandboxRecord(
                        "PAYOUT", id, key, request.path("payeeId").asText(), amount, currency, "SUCCEEDED", at.toString()));
                executions.incrementAndGet();
                return new Stored(request, 200, JSON.createObjectNode().put("providerPayoutId", id).put("status", "SUCCEEDED"));
            }
        }
    }

    private int pay(String providerPaymentId, Long amountFen) {
        Payment payment;
        synchronized (lock) {
            payment = payments.get(providerPaymentId);
            if (payment == null) {
                throw new IllegalArgumentException("no payment " + providerPaymentId);
            }
            if (payment.paidFen == 0) {
                payment.paidFen = amountFen == null ? payment.amountFen : amountFen;
                payment.paidAt = Instant.now();
            }
        }
        int sends = faults.duplicateNotifications() ? 2 : 1;
        int delivered = 0;
        for (int i = 0; i < sends; i++) {
            delivered += notify(payment) ? 1 : 0;
        }
        return delivered;
    }

    /** Sends the signed notification of a paid payment; a few attempts. */
    private boolean notify(Payment payment) {
        if (payment.notifyUrl == null) {
            return false;
        }
        var body = JSON.createObjectNode()
                .put("notificationId", "ntf_" + payment.id + "_" + payment.notifications.incrementAndGet())
                .put("providerPaymentId", payment.id)
                .put("reference", payment.reference)
                .put("amountFen", payment.paidFen)
                .put("currency", payment.currency)
                .put("status", "PAID")
                .put("paidAt", payment.paidAt.toString());
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(payment.notifyUrl))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, sign(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                var response = notifier.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 300) {
                    return true;
                }
            } catch (IOException e) {
                // retried below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(200L << attempt);
        }
        return false;
    }

    /** HMAC-SHA256 of {@code body} under {@code secret}, lower-case hex. */
    public static String sign(String secret, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void admin(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
        if ("/admin/faults".equals(path)) {
            switch (method) {
                case "POST" -> {
                    ObjectNode merged = JSON.valueToTree(faults);
                    merged.setAll((ObjectNode) JSON.readTree(body));
                    faults = JSON.treeToValue(merged, Faults.class);
                }
                case "DELETE" -> faults = Faults.none();
                default -> { }
            }
            send(exchange, 200, JSON.valueToTree(faults));
            return;
        }
        send(exchange, 404, error("no such admin endpoint: " + path));
    }

    // --- small things --------------------------------------------------------------------------------------------

    private enum Counter { FAIL, TIMEOUT, DROP }

    /** Takes one from a fault counter, if it is above 0. */
    private boolean take(Faults seen, Counter counter) {
        synchronized (lock) {
            Faults current = faults;
            int left = switch (counter) {
                case FAIL -> current.failNext();
                case TIMEOUT -> current.timeoutNext();
                case DROP -> current.dropResponseNext();
            };
            if (left <= 0) {
                return false;
            }
            faults = new Faults(
                    current.latencyMillis(),
                    counter == Counter.FAIL ? left - 1 : current.failNext(),
                    current.failStatus(),
                    current.retryAfterSeconds(),
                    counter == Counter.TIMEOUT ? left - 1 : current.timeoutNext(),
                    current.timeoutMillis(),
                    counter == Counter.DROP ? left - 1 : current.dropResponseNext(),
                    current.down(),
                    current.duplicateNotifications());
            return true;
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static String query(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An answer given under an idempotency key, with the request it answered. */
    private record Stored(JsonNode request, int status, JsonNode body) {}

    /** A payment and what happened to it. */
    private static final class Payment {
        final String id;
        final String idempotencyKey;
        final String reference;
        final long amountFen;
        final String currency;
        final String notifyUrl;
        final String token;
        final AtomicInteger notifications = new AtomicInteger();
        long paidFen;
        long refundedFen;
        Instant paidAt;
        final Instant createdAt = Instant.now();

        Payment(String id, String key, String reference, long amountFen, String currency, String notifyUrl, String token) {
            this.id = id;
            this.idempotencyKey = key;
            this.reference = reference;
            this.amountFen = amountFen;
            this.currency = currency;
            this.notifyUrl = notifyUrl;
            this.token = token;
        }

        SandboxRecord record() {
            return new SandboxRecord(
                    "PAYMENT",
                    id,
                    idempotencyKey,
                    reference,
                    paidFen,
                    currency,
                    paidFen > 0 ? "PAID" : "CREATED",
                    (paidAt != null ? paidAt : createdAt).toString());
        }
    }
}
