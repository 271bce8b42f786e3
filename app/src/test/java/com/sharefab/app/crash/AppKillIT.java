package com.sharefab.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole app, as {@code java -jar} runs it on the embedded default, killed with SIGKILL while phones register
 * firms: after a restart on the same data every registration that was answered is there.
 */
class AppKillIT {

    private static final Path JAR = Path.of("target", "sharefab.jar");

    @TempDir
    Path dataDir;

    @Test
    void killDashNine_whileRegisteringFirms_everyAnsweredRegistrationSurvivesRestart() throws Exception {
        assertThat(JAR).as("the packaged app (mvn package runs before the ITs)").exists();
        int port = freePort();
        Set<String> answered = ConcurrentHashMap.newKeySet();

        var app = start(port);
        try {
            awaitReady(port);
            var stop = new AtomicBoolean();
            var enough = new CountDownLatch(40);
            var clients = new java.util.ArrayList<Thread>();
            for (int c = 0; c < 4; c++) {
                var client = new Thread(() -> {
                    while (!stop.get()) {
                        var firmId = UUID.randomUUID().toString();
                        try {
                            // each firm signs itself up (its own mutation rate; the jar runs with production limits)
                            var id = GraphQlClients.as(port, GraphQlClients.actor(firmId, "BUYER"))
                                    .documentName("registerFirm")
                                    .variable("input", input(firmId))
                                    .execute()
                                    .path("registerFirm.firmId").entity(String.class).get();
                            answered.add(id);
                            enough.countDown();
                        } catch (Throwable e) {
                            return; // the app died under us: this registration was never answered
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            assertThat(enough.await(120, TimeUnit.SECONDS)).isTrue();
            app.toHandle().destroyForcibly(); // SIGKILL, mid-traffic
            stop.set(true);
            for (var client : clients) {
                client.join(30_000);
            }
        } finally {
            app.destroyForcibly();
            app.waitFor(30, TimeUnit.SECONDS);
        }

        var restarted = start(port);
        try {
            awaitReady(port);
            // Projections catch up after the restart (the command side already has every event), so wait for them.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            var missing = new java.util.HashSet<>(answered);
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                missing.removeIf(firmId -> firmIsReadable(port, firmId));
                if (!missing.isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
            assertThat(missing).as("answered registrations missing after the restart").isEmpty();
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(answered).hasSizeGreaterThanOrEqualTo(40);
    }

    private Process start(int port) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar", JAR.toString(),
                        "--server.port=" + port,
                        "--sharefab.data-dir=" + dataDir,
                        // the development issuer, its key in dataDir: tokens stay valid across the kill
                        "--sharefab.identity.dev-issuer.enabled=true")
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("app-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    private static void awaitReady(int port) throws InterruptedException {
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("the app did not become ready within 90 s");
    }

    private static boolean firmIsReadable(int port, String firmId) {
        var body = "{\"query\":\"query($id: ID!) { firm(id: $id) { id } }\",\"variables\":{\"id\":\"" + firmId + "\"}}";
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + GraphQlClients.token(port, GraphQlClients.AUDITOR))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body()
                    .contains("\"id\":\"" + firmId + "\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, Object> input(String firmId) {
        return Map.of(
                "firmId", firmId,
                "name", "Firm " + firmId,
                "uscc", UsccTestCodes.next(),
                "roles", List.of("BUYER"),
                "contactName", "李",
                "contactPhone", "13800000000");
    }
}
