package com.sharefab.app.audit;

import com.sharefab.audit.AuditedEvent;
import com.sharefab.audit.Finding;
import com.sharefab.audit.VerificationResult;
import com.sharefab.command.axon.Commands;
import com.sharefab.query.graphql.Access;
import com.sharefab.events.EventMetadata;
import com.sharefab.audit.SigningKeys;
import com.sharefab.query.graphql.Connection;
import com.sharefab.query.graphql.Cursors;
import com.sharefab.query.graphql.InvalidArgumentException;
import com.sharefab.query.listing.ListingHistory;
import com.sharefab.query.listing.ListingView;
import java.util.HashSet;
import java.util.Set;
import graphql.GraphQLContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The audit queries (history, verification, as-of) and the export mutation; every one for the AUDITOR role only. */
@Controller
class AuditController {

    /** The history filter. */
    record AuditEventFilter(Instant from, Instant to, String payloadType, String firmId, String actorId) {}

    /** {@code EventStoreVerification}. */
    record EventStoreVerification(String id, boolean ok, long chainedThrough, long checkedEvents,
            int checkedCheckpoints, long unchainedEvents, String publicKeyFingerprint, TamperedEvent firstBadEvent,
            String summary) {}

    /** {@code TamperedEvent}. */
    record TamperedEvent(String id, long globalIndex, String kind, String expectedEventId, String foundEventId,
            String message) {}

    /** {@code ExportAuditBundlePayload}. */
    record ExportAuditBundlePayload(String url, String fileName, long firstGlobalIndex, long lastGlobalIndex,
            long eventCount, String sha256, Instant expiresAt, String publicKeyFingerprint) {}

    private final StoredEvents events;
    private final AuditChainStore chain;
    private final StoreVerifier verifier;
    private final AuditExports exports;
    private final AuditKeys keys;
    private final ListingHistory listings;

    AuditController(StoredEvents events, AuditChainStore chain, StoreVerifier verifier, AuditExports exports,
            AuditKeys keys, ListingHistory listings) {
        this.listings = listings;
        this.events = events;
        this.chain = chain;
        this.verifier = verifier;
        this.exports = exports;
        this.keys = keys;
    }

    @QueryMapping
    Connection<AuditEventView> aggregateHistory(
            @Argument String aggregateId, @Argument Integer first, @Argument String after, GraphQLContext context) {
        requireAuditor(context);
        int size = Cursors.pageSize(first);
        long from = after == null ? 0 : number(Cursors.decode(after)) + 1;
        List<AuditEventView> rows = events.ofAggregate(aggregateId, from, size + 1).stream()
                .map(AuditEventView::of)
                .toList();
        return Cursors.page(rows, size, after != null, row -> String.valueOf(row.sequenceNumber()));
    }

    @QueryMapping
    Connection<AuditEventView> auditEvents(
            @Argument AuditEventFilter filter, @Argument Integer first, @Argument String after, GraphQLContext context) {
        requireAuditor(context);
        int size = Cursors.pageSize(first);
        long afterIndex = after == null ? 0 : number(Cursors.decode(after));
        List<Long> indexes = chain.find(conditions(filter), afterIndex, size + 1);
        Map<Long, AuditedEvent> found = events.at(indexes);
        List<AuditEventView> rows = new ArrayList<>();
        for (Long index : indexes) {
            AuditedEvent event = found.get(index);
            if (event != null) { // gone from the store since it was linked: verifyEventStore names it
                rows.add(AuditEventView.of(event));
            }
        }
        return Cursors.page(rows, size, after != null, row -> String.valueOf(row.globalIndex()));
    }

    @QueryMapping
    EventStoreVerification verifyEventStore(GraphQLContext context) {
        requireAuditor(context);
        VerificationResult result = verifier.verify();
        Finding finding = result.finding();
        return new EventStoreVerification(
                "verification:" + result.lastGlobalIndex() + ":" + Instant.now().toEpochMilli(),
                result.ok(), result.lastGlobalIndex(), result.positionsChecked(), result.checkpointsChecked(),
                result.unchainedEvents(), result.publicKeyFingerprint(),
                finding == null ? null : new TamperedEvent(finding.globalIndex() + ":" + finding.kind(),
                        finding.globalIndex(), finding.kind().name(), finding.expectedEventId(),
                        finding.foundEventId(), finding.message()),
                result.describe());
    }

    @QueryMapping
    ListingView listingAsOf(
            @Argument String listingId, @Argument Instant at, @Argument Long globalIndex, GraphQLContext context) {
        requireAuditor(context);
        if ((at == null) == (globalIndex == null)) {
            throw new InvalidArgumentException("at", "or globalIndex: give exactly one");
        }
        if (at != null) {
            return listings.asOf(listingId, message -> !message.getTimestamp().isAfter(at)).orElse(null);
        }
        Set<String> upToPosition = new HashSet<>();
        for (long from = 0; ; from += AuditChain.WINDOW) {
            List<AuditedEvent> window = events.ofAggregate(listingId, from, AuditChain.WINDOW);
            window.stream().filter(event -> event.globalIndex() <= globalIndex)
                    .forEach(event -> upToPosition.add(event.eventIdentifier()));
            if (window.size() < AuditChain.WINDOW || window.get(window.size() - 1).globalIndex() > globalIndex) {
                break;
            }
        }
        return listings.asOf(listingId, message -> upToPosition.contains(message.getIdentifier())).orElse(null);
    }

    @MutationMapping
    ExportAuditBundlePayload exportAuditBundle(@Argument Instant from, @Argument Instant to, GraphQLContext context) {
        requireAuditor(context);
        if (!from.isBefore(to)) {
            throw new InvalidArgumentException("to", "must be after from");
        }
        var export = exports.export(from, to);
        return new ExportAuditBundlePayload(AuditDownloadController.PATH + "/" + export.token(), export.fileName(),
                export.firstGlobalIndex(), export.lastGlobalIndex(), export.events(), export.sha256(),
                export.expiresAt(), SigningKeys.fingerprint(keys.publicKey()));
    }

    private static Map<String, BsonValue> conditions(AuditEventFilter filter) {
        Map<String, BsonValue> conditions = new LinkedHashMap<>();
        if (filter == null) {
            return conditions;
        }
        if (filter.payloadType() != null) {
            conditions.put(AuditedEvent.PAYLOAD_TYPE, new BsonString(filter.payloadType()));
        }
        if (filter.firmId() != null) {
            conditions.put(EventMetadata.ACTOR_FIRM_ID, new BsonString(filter.firmId()));
        }
        if (filter.actorId() != null) {
            conditions.put(EventMetadata.ACTOR_ID, new BsonString(filter.actorId()));
        }
        if (filter.from() != null || filter.to() != null) {
            BsonDocument range = new BsonDocument();
            if (filter.from() != null) {
                range.append("$gte", new BsonDateTime(filter.from().toEpochMilli()));
            }
            if (filter.to() != null) {
                range.append("$lt", new BsonDateTime(filter.to().toEpochMilli()));
            }
            conditions.put(AuditedEvent.TIMESTAMP, range);
        }
        return conditions;
    }

    private static long number(String cursor) {
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("after", "is not a cursor this API gave out");
        }
    }

    /** Auditors read everything and write nothing; nobody else reads this. */
    private static void requireAuditor(GraphQLContext context) {
        Access.requireRole(Commands.actor(context), Access.AUDITOR); // as @access(roles: [AUDITOR]) says
    }
}
