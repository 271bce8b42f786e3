package com.sharefab.app.firm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** Firms end to end: GraphQL → command → event → projection → GraphQL, on the running app. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sharefab.mongodb.embedded=memory")
class FirmGraphQlIT {

    private static final String VALID_USCC = "91350100M000100Y43";

    @LocalServerPort
    int port;

    private HttpGraphQlTester graphQl;

    @BeforeEach
    void setUp() {
        graphQl = GraphQlClients.as(port, GraphQlClients.OPERATOR); // the operator may register any firm
    }

    @Test
    void registerFirm_validInput_answersTheProjectedFirmAndFirmQueryFindsIt() {
        var firmId = UUID.randomUUID().toString();
        var uscc = UsccTestCodes.next();

        graphQl.documentName("registerFirm")
                .variable("input", input(firmId, uscc))
                .execute()
                .path("registerFirm.firm.id").entity(String.class).isEqualTo(firmId)
                .path("registerFirm.firm.uscc").entity(String.class).isEqualTo(uscc)
                .path("registerFirm.firm.roles").entityList(String.class).containsExactly("FACTORY")
                .path("registerFirm.firm.registeredAt").hasValue();

        graphQl.documentName("firm")
                .variable("id", firmId)
                .execute()
                .path("firm.name").entity(String.class).isEqualTo("胶州帽业共享工厂");
    }

    @Test
    void registerFirm_retriedWithSamePayload_answersSameFirmOnce() {
        var firmId = UUID.randomUUID().toString();
        var input = input(firmId, UsccTestCodes.next());

        for (int attempt = 0; attempt < 3; attempt++) {
            graphQl.documentName("registerFirm")
                    .variable("input", input)
                    .execute()
                    .errors().verify()
                    .path("registerFirm.firm.id").entity(String.class).isEqualTo(firmId);
        }
    }

    @Test
    void registerFirm_sameIdDifferentPayload_isFirmIdConflict() {
        var firmId = UUID.randomUUID().toString();
        var uscc = UsccTestCodes.next();
        graphQl.documentName("registerFirm").variable("input", input(firmId, uscc)).execute().errors().verify();

        var changed = new java.util.HashMap<>(input(firmId, uscc));
        changed.put("name", "别的名字");
        graphQl.documentName("registerFirm")
                .variable("input", changed)
                .execute()
                .errors()
                .expect(e -> "FIRM_ID_CONFLICT".equals(e.getExtensions().get("code")))
                .verify();
    }

    @Test
    void registerFirm_codeAlreadyRegistered_isUsccAlreadyRegisteredNamingTheField() {
        var uscc = UsccTestCodes.next();
        graphQl.documentName("registerFirm")
                .variable("input", input(UUID.randomUUID().toString(), uscc))
                .execute()
                .errors().verify();

        graphQl.documentName("registerFirm")
                .variable("input", input(UUID.randomUUID().toString(), uscc))
                .execute()
                .errors()
                .expect(e -> "USCC_ALREADY_REGISTERED".equals(e.getExtensions().get("code"))
                        && "input.uscc".equals(e.getExtensions().get("field")))
                .verify();
    }

    @Test
    void registerFirm_sameCodeRacedByTwoFirms_exactlyOneWins() throws Exception {
        var uscc = UsccTestCodes.next();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> {
                    var response = GraphQlClients.as(port, GraphQlClients.OPERATOR).documentName("registerFirm")
                            .variable("input", input(UUID.randomUUID().toString(), uscc))
                            .execute();
                    var won = new boolean[] {true};
                    response.errors().satisfy(errors -> won[0] = errors.isEmpty());
                    return won[0];
                });
            }
            long winners = pool.invokeAll(attempts).stream().filter(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).count();
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void registerFirm_badCheckCharacter_isBadUserInputNamingTheField() {
        var input = new java.util.HashMap<>(input(UUID.randomUUID().toString(), "91350100M000100Y44"));

        graphQl.documentName("registerFirm")
                .variable("input", input)
                .execute()
                .errors()
                .expect(e -> "BAD_USER_INPUT".equals(e.getExtensions().get("code"))
                        && "input.uscc".equals(e.getExtensions().get("field"))
                        && !e.getMessage().contains("Exception"))
                .verify();
    }

    @Test
    void registerFirm_unknownRole_isGraphQlValidationError() {
        var input = new java.util.HashMap<>(input(UUID.randomUUID().toString(), UsccTestCodes.next()));
        input.put("roles", List.of("PIRATE"));

        graphQl.documentName("registerFirm")
                .variable("input", input)
                .execute()
                .errors()
                .expect(e -> e.getExtensions().get("code") != null)
                .verify();
    }

    @Test
    void firm_unknownId_isNull() {
        graphQl.documentName("firm").variable("id", "no-such-firm").execute().path("firm").valueIsNull();
    }

    @Test
    void firms_pageSizeTooLarge_isBadUserInput() {
        graphQl.documentName("firms")
                .variable("first", 1000)
                .execute()
                .errors()
                .expect(e -> "BAD_USER_INPUT".equals(e.getExtensions().get("code"))
                        && "first".equals(e.getExtensions().get("field")))
                .verify();
    }

    @Test
    void firms_walkedPageByPage_listsEveryRegisteredFirmOnce() {
        var registered = new java.util.HashSet<String>();
        for (int i = 0; i < 5; i++) {
            var firmId = UUID.randomUUID().toString();
            registered.add(firmId);
            graphQl.documentName("registerFirm").variable("input", input(firmId, UsccTestCodes.next())).execute()
                    .errors().verify();
        }

        var seen = new java.util.ArrayList<String>();
        String after = null;
        boolean hasNext = true;
        while (hasNext) {
            var response = graphQl.documentName("firms").variable("first", 2).variable("after", after).execute();
            seen.addAll(response.path("firms.edges[*].node.id").entityList(String.class).get());
            hasNext = response.path("firms.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = response.path("firms.pageInfo.endCursor").entity(String.class).get();
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(registered);
        assertThat(seen).isSorted();
    }

    static Map<String, Object> input(String firmId, String uscc) {
        return Map.of(
                "firmId", firmId,
                "name", "胶州帽业共享工厂",
                "uscc", uscc,
                "roles", List.of("FACTORY"),
                "contactName", "王伟",
                "contactPhone", "+86 532 8888 1234");
    }
}
