package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sharefab.command.booking.BookingSaga;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

/**
 * A booking saga is stored as JSON between events (the saga store, with the app's serializer): what it still owes,
 * the refunds and escrow releases not yet on the order's timeline included, must read back after a restart.
 */
class BookingSagaStorageTest {

    private final AxonConfiguration configuration = new AxonConfiguration();

    @Test
    void aSagaOwingARefundRecordAndARelease_readsBackWithBoth_andWritesThemAgain() {
        var serializer = configuration.serializer();
        String stored = """
                {"orderId":"o-1","listingId":"l-1","buyerFirmId":"b-1","factoryFirmId":"f-1","quantity":10,
                 "settlementOpened":true,"owed":["RECORD_REFUNDS","RECORD_ESCROW_RELEASES"],
                 "refundRecords":{"r1":{"orderId":"o-1","refundId":"r1","amount":{"fen":6000,"currency":"CNY"},
                   "reason":"DISPUTE_SPLIT","refundedAt":"2026-11-23T08:00:00Z"}},
                 "releaseRecords":{"x:split":{"orderId":"o-1","releaseId":"x:split",
                   "toFactory":{"fen":81480,"currency":"CNY"},"commission":{"fen":2520,"currency":"CNY"},
                   "releasedAt":"2026-11-23T08:00:01Z"}},
                 "owedRetries":1,"owedRetryDeadlineId":"job-1","finished":true}
                """;
        SerializedObject<String> serialized = new SimpleSerializedObject<>(
                stored, String.class, new SimpleSerializedType(BookingSaga.class.getName(), null));

        BookingSaga saga = serializer.deserialize(serialized);
        JsonNode written = serializer.serialize(saga, JsonNode.class).getData();

        assertThat(written.path("owed").toString()).contains("RECORD_REFUNDS", "RECORD_ESCROW_RELEASES");
        assertThat(written.at("/refundRecords/r1/amount/fen").asLong()).isEqualTo(6_000);
        assertThat(written.at("/refundRecords/r1/refundedAt").asText()).isEqualTo("2026-11-23T08:00:00Z");
        assertThat(written.at("/releaseRecords/x:split/toFactory/fen").asLong()).isEqualTo(81_480);
        assertThat(written.at("/releaseRecords/x:split/commission/fen").asLong()).isEqualTo(2_520);
        assertThat(written.path("finished").asBoolean()).isTrue();
    }

    @Test
    void aSagaStoredBeforeTheRecordsWereOwed_readsBackOwingNone() {
        var serializer = configuration.serializer();
        String stored = """
                {"orderId":"o-1","owed":["RELEASE_CAPACITY"],"owedRetries":0,"finished":false}
                """;

        BookingSaga saga = serializer.deserialize(new SimpleSerializedObject<>(
                stored, String.class, new SimpleSerializedType(BookingSaga.class.getName(), null)));
        JsonNode written = serializer.serialize(saga, JsonNode.class).getData();

        assertThat(written.path("refundRecords").size()).isZero();
        assertThat(written.path("releaseRecords").size()).isZero();
        assertThat(written.path("owed").toString()).contains("RELEASE_CAPACITY");
    }
}
