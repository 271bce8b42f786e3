package com.sharefab.app.firm;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.SharefabApplication;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded default keeps its data on disk: a firm registered before a restart is there after it. */
class FirmRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void firm_registeredBeforeRestart_isReturnedAfterIt() {
        var firmId = UUID.randomUUID().toString();
        var uscc = UsccTestCodes.next();

        try (var app = start()) {
            GraphQlClients.as(port(app), GraphQlClients.OPERATOR).documentName("registerFirm")
                    .variable("input", FirmGraphQlIT.input(firmId, uscc))
                    .execute()
                    .path("registerFirm.firm.id").entity(String.class).isEqualTo(firmId);
        }

        try (var app = start()) {
            var graphQl = GraphQlClients.as(port(app), GraphQlClients.OPERATOR);
            graphQl.documentName("firm")
                    .variable("id", firmId)
                    .execute()
                    .path("firm.uscc").entity(String.class).isEqualTo(uscc);
            // The code's claim survived too: another firm cannot take it.
            graphQl.documentName("registerFirm")
                    .variable("input", FirmGraphQlIT.input(UUID.randomUUID().toString(), uscc))
                    .execute()
                    .errors()
                    .expect(e -> "USCC_ALREADY_REGISTERED".equals(e.getExtensions().get("code")))
                    .verify();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SharefabApplication.class)
                .run("--server.port=0", "--sharefab.data-dir=" + dataDir, "--sharefab.mongodb.embedded=disk");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
