package com.sharefab.app.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.command.payment.PaymentProviderSettings;
import com.sharefab.command.settlement.OpenSettlementCommand;
import com.sharefab.command.settlement.RefundPaymentCommand;
import com.sharefab.command.settlement.ReleaseEscrowCommand;
import com.sharefab.command.settlement.SplitEscrowCommand;
import com.sharefab.events.Money;
import com.sharefab.events.settlement.SettlementIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The whole money flow on the running app with the in-process sandbox provider: the order side's commands go
 * through the command gateway (the order aggregate is built elsewhere); everything a person does goes over HTTP —
 * payOrder over GraphQL, the buyer's pay at the sandbox, the sandbox's signed notification to the webhook, the
 * ledger, statements and the reconciliation over GraphQL.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sharefab.mongodb.embedded=memory",
            "sharefab.payment.breaker-open-for=1s",
            "sharefab.payment.call-timeout=1s"
        })
class SettlementFlowIT {

    /** More than 2^31 − 1 fen: GraphQL's Int could not carry it. */
    private static final long BIG_AMOUNT = 3_000_000_000L;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    CommandGateway commandGateway;

    @Autowired
    PaymentProviderSettings provider;

    private final String buyerFirm = "buyer-" + UUID.randomUUID();
    private final String factoryFirm = "factory-" + UUID.randomUUID();

    private HttpGraphQlTester buyer() {
        return GraphQlClients.as(port, GraphQlClients.actor(buyerFirm, "BUYER"));
    }

    private HttpGraphQlTester factory() {
        return GraphQlClients.as(port, GraphQlClients.actor(factoryFirm, "FACTORY"));
    }

    private HttpGraphQlTester operator() {
        return GraphQlClients.as(port, GraphQlClients.OPERATOR);
    }

    private HttpGraphQlTester auditor() {
        return GraphQlClients.as(port, GraphQlClients.AUDITOR);
    }

    private String open(long fen) {
        String orderId = "o-" + UUID.randomUUID();
        commandGateway.sendAndWait(new OpenSettlementCommand(
                SettlementIds.forOrder(orderId), orderId, buyerFirm, factoryFirm, Money.cny(fen)));
        return orderId;
    }

    private Map<String, Object> payOrder(String orderId) {
        return buyer().documentName("payOrder").variable("orderId", orderId).execute()
                .path("payOrder").entity(Map.class).get();
    }

    private static int post(String url, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void faults(String json) throws Exception {
        assertThat(post(provider.baseUrl() + "/admin/faults", json)).isEqualTo(200);
    }

    private Map<String, Object> settlement(String orderId) {
        return operator().documentName("settlement").variable("orderId", orderId).execute()
                .path("settlement").entity(Map.class).get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitSettlement(String orderId, Predicate<Map<String, Object>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < deadline) {
            var response = operator().documentName("settlement").variable("orderId", orderId).execute();
            try {
                last = response.path("settlement").entity(Map.class).get();
            } catch (AssertionError notYet) {
                last = null;
            }
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("settlement of " + orderId + " never got there; last seen " + last);
    }

    private static long fen(Map<?, ?> settlement, String field) {
        return ((Number) ((Map<?, ?>) settlement.get(field)).get("fen")).longValue();
    }

    private static Predicate<Map<String, Object>> status(String status) {
        return s -> status.equals(s.get("status"));
    }

    private static ResponseError singleError(GraphQlTester.Response response) {
        var error = new AtomicReference<ResponseError>();
        response.errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            error.set(errors.get(0));
        });
        return error.get();
    }

    @Test
    void payReleasePayout_bigAmount_settlesToTheFenAndTheBooksBalance() throws Exception {
        String orderId = open(BIG_AMOUNT);

        var payment = payOrder(orderId);
        assertThat(payment).containsEntry("orderId", orderId).containsKey("payUrl");
        assertThat(((Map<?, ?>) payment.get("amount")).get("fen")).as("Long, exactly").isEqualTo(BIG_AMOUNT);
        assertThat(payOrder(orderId)).as("a retry answers the same payment").isEqualTo(payment);

        assertThat(post((String) payment.get("payUrl"), "")).isEqualTo(200);
        var paid = awaitSettlement(orderId, status("PAID"));
        assertThat(fen(paid, "captured")).isEqualTo(BIG_AMOUNT);
        assertThat(fen(paid, "held")).isEqualTo(BIG_AMOUNT);

        commandGateway.sendAndWait(new ReleaseEscrowCommand(SettlementIds.forOrder(orderId), orderId + ":release"));
        var closed = awaitSettlement(orderId, status("CLOSED"));

        long commission = 90_000_000L; // 3 % of 30 000 000.00 yuan
        assertThat(fen(closed, "commission")).isEqualTo(commission);
        assertThat(fen(closed, "released")).isEqualTo(BIG_AMOUNT - commission);
        assertThat(fen(closed, "paidOut")).isEqualTo(BIG_AMOUNT - commission);
        assertThat(fen(closed, "captured"))
                .isEqualTo(fen(closed, "released") + fen(closed, "refunded") + fen(closed, "commission"));

        var factoryBalances = operator().documentName("firmBalances").variable("firmId", factoryFirm).execute()
                .path("firmBalances").entityList(Map.class).get();
        assertThat(factoryBalances).extracting(b -> b.get("account"), b -> fen(b, "balance"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("FACTORY", BIG_AMOUNT - commission),
                        org.assertj.core.groups.Tuple.tuple("FACTORY_PAYABLE", 0L));
        var buyerBalances = buyer().documentName("firmBalances").variable("firmId", buyerFirm).execute()
                .path("firmBalances").entityList(Map.class).get();
        assertThat(buyerBalances).extracting(b -> fen(b, "balance")).containsExactly(-BIG_AMOUNT);

        var statement = factory().documentName("firmStatement").variable("firmId", factoryFirm).variable("first", 2)
                .execute();
        statement.path("firmStatement.edges").entityList(Map.class).hasSize(2);
        statement.path("firmStatement.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String after = statement.path("firmStatement.pageInfo.endCursor").entity(String.class).get();
        factory().documentName("firmStatement").variable("firmId", factoryFirm).variable("first", 10)
                .variable("after", after).execute()
                .path("firmStatement.edges[*].node.kind").entityList(String.class)
                .contains("FACTORY_PAID_OUT");

        // Each firm its own books: the buyer sees nothing of the factory's earnings, nor the factory of the buyer's
        // payments; an auditor reads both.
        buyer().documentName("firmStatement").variable("firmId", factoryFirm).variable("first", 10).execute()
                .path("firmStatement.edges").entityList(Map.class).hasSize(0);
        buyer().documentName("firmBalances").variable("firmId", factoryFirm).execute()
                .path("firmBalances").entityList(Map.class).hasSize(0);
        factory().documentName("firmBalances").variable("firmId", buyerFirm).execute()
                .path("firmBalances").entityList(Map.class).hasSize(0);
        auditor().documentName("firmStatement").variable("firmId", factoryFirm).variable("first", 10).execute()
                .path("firmStatement.edges[*].node.kind").entityList(String.class).contains("FACTORY_PAID_OUT");
        assertThat(factory().documentName("settlement").variable("orderId", orderId).execute()
                .path("settlement.status").entity(String.class).get()).isEqualTo("CLOSED");
        GraphQlClients.as(port, GraphQlClients.actor("factory-" + UUID.randomUUID(), "FACTORY"))
                .documentName("settlement").variable("orderId", orderId).execute().errors().verify()
                .path("settlement").valueIsNull();

        var trial = operator().documentName("trialBalance").execute();
        trial.path("trialBalance[0].balanced").entity(Boolean.class).isEqualTo(true);
        trial.path("trialBalance[0].total.fen").entity(Long.class).isEqualTo(0L);

        awaitReconciled();
    }

    @Test
    void pay_notificationSentTwice_capturesOnce() throws Exception {
        String orderId = open(12_345);
        var payment = payOrder(orderId);
        faults("{\"duplicateNotifications\":true}");
        try {
            post((String) payment.get("payUrl"), "");
        } finally {
            faults("{\"duplicateNotifications\":false}");
        }
        var paid = awaitSettlement(orderId, status("PAID"));
        Thread.sleep(300); // let the second notification land, if it were to change anything

        var settled = settlement(orderId);
        assertThat(fen(settled, "captured")).isEqualTo(12_345);
        assertThat(settled.get("rejectedNotifications")).isEqualTo(0);
        assertThat(settled).isEqualTo(paid);
    }

    @Test
    void refund_afterPayment_refundsEverythingAndCloses() throws Exception {
        String orderId = open(50_000);
        post((String) payOrder(orderId).get("payUrl"), "");
        awaitSettlement(orderId, status("PAID"));

        commandGateway.sendAndWait(
                new RefundPaymentCommand(SettlementIds.forOrder(orderId), orderId + ":refund", "FACTORY_REJECTED"));

        var closed = awaitSettlement(orderId, status("CLOSED"));
        assertThat(fen(closed, "refunded")).isEqualTo(50_000);
        assertThat(fen(closed, "released")).isZero();
        awaitReconciled();
    }

    @Test
    void split_dispute_refundsPartAndPaysOutTheRestLessCommission() throws Exception {
        String orderId = open(10_000);
        post((String) payOrder(orderId).get("payUrl"), "");
        awaitSettlement(orderId, status("PAID"));

        commandGateway.sendAndWait(new SplitEscrowCommand(
                SettlementIds.forOrder(orderId), orderId + ":split", Money.cny(4_000)));

        var closed = awaitSettlement(orderId, status("CLOSED"));
        assertThat(fen(closed, "refunded")).isEqualTo(4_000);
        assertThat(fen(closed, "commission")).isEqualTo(180);
        assertThat(fen(closed, "paidOut")).isEqualTo(5_820);
    }

    @Test
    void release_providerDownDuringPayout_payoutCompletesOnceItIsBack() throws Exception {
        String orderId = open(20_000);
        post((String) payOrder(orderId).get("payUrl"), "");
        awaitSettlement(orderId, status("PAID"));
        faults("{\"down\":true}");
        try {
            commandGateway.sendAndWait(new ReleaseEscrowCommand(SettlementIds.forOrder(orderId), orderId + ":release"));
            Thread.sleep(1_500);
            var waiting = settlement(orderId);
            assertThat(waiting.get("status")).as("released, the payout waits for the provider").isEqualTo("SETTLING");
            assertThat(fen(waiting, "paidOut")).isZero();
        } finally {
            faults("{\"down\":false}");
        }

        var closed = awaitSettlement(orderId, status("CLOSED"));
        assertThat(fen(closed, "paidOut")).isEqualTo(19_400);
        awaitReconciled();
    }

    @Test
    void notification_badSignature_is401AndCapturesNothing() throws Exception {
        String orderId = open(500);
        var payment = payOrder(orderId);
        String body = "{\"notificationId\":\"forged\",\"providerPaymentId\":\"" + payment.get("providerPaymentId")
                + "\",\"reference\":\"" + payment.get("paymentId") + "\",\"amountFen\":500,\"currency\":\"CNY\","
                + "\"status\":\"PAID\"}";
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/payments/notifications"))
                .header("Content-Type", "application/json")
                .header("X-Signature", "00ff")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        Thread.sleep(200);
        assertThat(settlement(orderId).get("status")).isEqualTo("PAYMENT_REQUESTED");
    }

    @Test
    void payOrder_byAnotherFirm_isForbidden() throws Exception {
        String orderId = open(100);

        var error = singleError(GraphQlClients.as(port, GraphQlClients.actor("someone-else-" + UUID.randomUUID(), "BUYER"))
                .documentName("payOrder").variable("orderId", orderId).execute());

        assertThat(error.getExtensions()).containsEntry("code", "FORBIDDEN");
        assertThat(error.getMessage()).as("names neither the order nor its buyer")
                .doesNotContain(orderId).doesNotContain(buyerFirm);
        assertThat(awaitSettlement(orderId, s -> true).get("status")).isEqualTo("PAYMENT_DUE");
    }

    @Test
    void payOrder_providerDown_breakerOpensNothingMoves_thenPaymentCompletes() throws Exception {
        String orderId = open(777);
        faults("{\"down\":true}");
        List<String> messages = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                var error = singleError(buyer().documentName("payOrder").variable("orderId", orderId).execute());
                assertThat(error.getExtensions()).containsEntry("code", "PAYMENT_PROVIDER_UNAVAILABLE");
                messages.add(error.getMessage());
            }
        } finally {
            faults("{\"down\":false}");
        }
        assertThat(messages.get(messages.size() - 1)).contains("circuit breaker is open");
        var stillDue = settlement(orderId);
        assertThat(stillDue.get("status")).as("nothing recorded, nothing moved").isEqualTo("PAYMENT_DUE");
        assertThat(fen(stillDue, "captured")).isZero();

        Thread.sleep(1_200); // the breaker lets a call through after 1 s
        var payment = payOrder(orderId);
        post((String) payment.get("payUrl"), "");

        assertThat(fen(awaitSettlement(orderId, status("PAID")), "captured")).isEqualTo(777);
    }

    @Test
    void setCommissionRate_byOperator_appliesToSettlementsOpenedAfter_andBuyersMayNot() throws Exception {
        var refused = singleError(buyer().documentName("setCommissionRate").variable("basisPoints", 0).execute());
        assertThat(refused.getExtensions()).containsEntry("code", "FORBIDDEN");

        operator().documentName("setCommissionRate").variable("basisPoints", 250).execute()
                .path("setCommissionRate.basisPoints").entity(Integer.class).isEqualTo(250);
        try {
            String orderId = open(1_000);
            assertThat(awaitSettlement(orderId, s -> true).get("commissionBasisPoints")).isEqualTo(250);
        } finally {
            operator().documentName("setCommissionRate").variable("basisPoints", 300).execute();
        }
    }

    @Test
    void reconciliation_byBuyer_isForbidden_byAuditor_answered() {
        var error = singleError(buyer().documentName("reconciliation").execute());

        assertThat(error.getExtensions()).containsEntry("code", "FORBIDDEN");
        auditor().documentName("reconciliation").execute().errors().verify()
                .path("reconciliation.id").entity(String.class).satisfies(id -> assertThat(id).isNotBlank());
    }

    @Test
    void setCommissionRate_byAuditor_isForbidden() {
        var error = singleError(auditor().documentName("setCommissionRate").variable("basisPoints", 0).execute());

        assertThat(error.getExtensions()).containsEntry("code", "FORBIDDEN");
    }

    /** Every provider record matches the ledger once in-flight operations landed. */
    private void awaitReconciled() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<?, ?> report = null;
        while (System.nanoTime() < deadline) {
            report = operator().documentName("reconciliation").execute().path("reconciliation").entity(Map.class).get();
            if (Boolean.TRUE.equals(report.get("balanced"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reconciled: " + report);
    }
}
