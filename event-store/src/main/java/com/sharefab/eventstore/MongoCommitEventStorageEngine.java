package com.sharefab.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoDatabase;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonMaximumSizeExceededException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertNonEmpty;
import static org.axonframework.common.BuilderUtils.assertStrictPositive;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * An Axon {@link org.axonframework.eventsourcing.eventstore.EventStorageEngine} on the plain MongoDB Java driver that
 * stores one document per commit (one {@code appendEvents} call), keeps a gap-aware global index without transactions
 * and serves every hot path with exact index lookups — on a real MongoDB replica set and on mongo-java-server alike.
 * <p>
 * Documents are described in {@code CommitSchema}; the global-index algorithm in {@code CommitWriter}; the design and
 * what mongo-java-server can and cannot serve from an index in {@code event-store/NOTES.md}.
 * <p>
 * Payloads and metadata are stored as readable BSON, so the serializers must produce JSON: by default a
 * {@link JacksonSerializer} that writes dates as ISO-8601 text and keeps decimals exact. Call {@link #ensureIndexes()}
 * once at startup: the unique indexes are what detect concurrent appends.
 */
public class MongoCommitEventStorageEngine extends BatchingEventStorageEngine {

    private final CommitLog log;
    /** The events collection read on the primary at "local" level: sees every acknowledged commit at once. */
    private final CommitLog primaryLog;
    private final CommitWriter writer;
    private final TrackedEventReader trackedEventReader;
    private final AggregateStreamReader aggregateStreamReader;
    private final SnapshotStore snapshotStore;

    protected MongoCommitEventStorageEngine(Builder builder) {
        super(builder);
        requireJsonSerializer(getEventSerializer(), "event");
        requireJsonSerializer(getSnapshotSerializer(), "snapshot");
        MongoDatabase database = builder.database;
        this.log = new CommitLog(database.getCollection(builder.eventsCollectionName, BsonDocument.class));
        // Finding the head after a lost race must see the competing commit: read the primary at "local" level, whatever
        // read preference / read concern the application configured for the read paths.
        this.primaryLog = new CommitLog(log.collection()
                                              .withReadPreference(ReadPreference.primary())
                                              .withReadConcern(ReadConcern.LOCAL));
        this.writer = new CommitWriter(primaryLog);
        this.trackedEventReader = new TrackedEventReader(log, writer::knownNextFree, builder.maxGapOffset,
                                                         builder.gapTimeoutMillis, builder.gapCleaningThreshold);
        this.aggregateStreamReader = new AggregateStreamReader(log);
        this.snapshotStore = new SnapshotStore(database.getCollection(builder.snapshotsCollectionName,
                                                                      BsonDocument.class));
    }

    /**
     * Payloads are stored as BSON converted from JSON trees, so the serializers must be able to produce
     * {@link JsonNode}s. Checked once at construction so that an XML serializer fails at startup, not at first append.
     */
    private static void requireJsonSerializer(Serializer serializer, String role) {
        try {
            serializer.serialize(MetaData.emptyInstance(), JsonNode.class);
        } catch (RuntimeException e) {
            throw new AxonConfigurationException("The " + role + " serializer must produce JSON (JsonNode), e.g. "
                                                         + "Axon's JacksonSerializer: " + e.getMessage(), e);
        }
    }

    /**
     * Instantiates a {@link Builder}. The {@link MongoDatabase} is required; the events and snapshots collections
     * default to {@code "events"} and {@code "snapshots"}, both serializers to a JSON {@link JacksonSerializer}, the
     * persistence exception resolver to one that recognises MongoDB duplicate-key errors.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the unique indexes the engine relies on for correctness (global index, aggregate sequence number and
     * event identifier uniqueness). Idempotent; call at startup before the first append.
     */
    public void ensureIndexes() {
        log.ensureIndexes();
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        rejectDuplicatesWithinAppend(events);
        try {
            writer.append(CommitSchema.commitBody(events, serializer), events.size());
        } catch (MongoException e) {
            handlePersistenceException(e, failedEvent(e, events));
        } catch (BsonMaximumSizeExceededException e) {
            // all-or-nothing has a price: one unit of work must fit into one 16 MB document
            throw new EventStoreException("A commit of " + events.size() + " events exceeds MongoDB's document size "
                                                  + "limit; split the unit of work", e);
        }
    }

    /**
     * A commit is one document, and unique multikey indexes only compare different documents, so the same event id or
     * aggregate sequence number twice within one append would slip through: refuse it up front.
     */
    private void rejectDuplicatesWithinAppend(List<? extends EventMessage<?>> events) {
        Set<String> eventIdentifiers = new HashSet<>();
        Set<String> streamKeys = new HashSet<>();
        for (EventMessage<?> event : events) {
            DomainEventMessage<?> domainEvent = CommitSchema.asDomainEvent(event);
            if (!eventIdentifiers.add(event.getIdentifier())) {
                handlePersistenceException(new DuplicateEventInAppendException(
                        "Event identifier [" + event.getIdentifier() + "] occurs twice in one append"), event);
            }
            if (domainEvent != null && !streamKeys.add(CommitSchema.streamKey(domainEvent.getAggregateIdentifier(),
                                                                               domainEvent.getSequenceNumber()))) {
                handlePersistenceException(new DuplicateEventInAppendException(
                        "Sequence number [" + domainEvent.getSequenceNumber() + "] of aggregate ["
                                + domainEvent.getAggregateIdentifier() + "] occurs twice in one append"), event);
            }
        }
    }

    /** The event named by the duplicate key, so Axon reports the right aggregate and sequence number. */
    private static EventMessage<?> failedEvent(MongoException exception, List<? extends EventMessage<?>> events) {
        String key = DuplicateKey.of(exception).map(DuplicateKey::keyValue).orElse(null);
        if (key != null) {
            for (EventMessage<?> event : events) {
                DomainEventMessage<?> domainEvent = CommitSchema.asDomainEvent(event);
                if (key.equals(event.getIdentifier()) || (domainEvent != null && key.equals(
                        CommitSchema.streamKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber())))) {
                    return event;
                }
            }
        }
        return events.get(0);
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        try {
            snapshotStore.store(CommitSchema.snapshotDocument(snapshot, serializer));
        } catch (MongoException e) {
            handlePersistenceException(e, snapshot);
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return read(() -> snapshotStore.latest(aggregateIdentifier).stream(),
                    "Failed to read the snapshot of aggregate [" + aggregateIdentifier + "]");
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (lastToken != null && !(lastToken instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException("Token [" + lastToken + "] is of the wrong type. Expected ["
                                                       + GapAwareTrackingToken.class.getSimpleName() + "]");
        }
        return read(() -> trackedEventReader.fetch((GapAwareTrackingToken) lastToken, batchSize),
                    "Failed to read events from token [" + lastToken + "]");
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        return read(() -> aggregateStreamReader.fetch(aggregateIdentifier, firstSequenceNumber, batchSize),
                    "Failed to read events of aggregate [" + aggregateIdentifier + "]");
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return read(() -> aggregateStreamReader.lastSequenceNumber(aggregateIdentifier),
                    "Failed to read the last sequence number of aggregate [" + aggregateIdentifier + "]");
    }

    /**
     * Whether the store holds an event of the aggregate after {@code sequenceNumber}: the freshness check of a cached
     * aggregate at that version. One exact point probe on the unique stream-key index for {@code sequenceNumber + 1}
     * (Axon numbers an aggregate's events without holes, so the next one is there if any later one is), read on the
     * primary so that a commit another node just made is seen.
     */
    public boolean hasEventAfter(String aggregateIdentifier, long sequenceNumber) {
        return read(() -> primaryLog.holdsStreamKey(CommitSchema.streamKey(aggregateIdentifier, sequenceNumber + 1)),
                    "Failed to probe for events of aggregate [" + aggregateIdentifier + "] after ["
                            + sequenceNumber + "]");
    }

    /**
     * When the event at {@code globalIndex} was appended, if one is stored there (none in a gap or past the head): one
     * exact probe on the unique global-index index, reading the commit's timestamps only. For the age of the oldest
     * event a processor has not handled yet (its projection lag in time).
     */
    public Optional<Instant> timestampAt(long globalIndex) {
        return read(() -> log.covering(List.of(globalIndex), TIMESTAMPS_ONLY).stream().findFirst().map(commit ->
                            Instant.ofEpochMilli(CommitLog.eventTimestamp(commit,
                                    (int) (globalIndex - CommitSchema.position(commit))).asDateTime().getValue())),
                    "Failed to read the timestamp of the event at global index [" + globalIndex + "]");
    }

    private static final BsonDocument TIMESTAMPS_ONLY = new BsonDocument(CommitSchema.ID, new BsonInt32(1))
            .append(CommitSchema.EVENTS + '.' + CommitSchema.TIMESTAMP, new BsonInt32(1));

    /** A token before every stored event, or {@code null} (read from the beginning) when the store is empty. */
    @Override
    public TrackingToken createTailToken() {
        return read(() -> log.isEmpty() ? null : token(CommitSchema.FIRST_GLOBAL_INDEX - 1),
                    "Failed to create a tail token");
    }

    /** A token at the last stored event, or {@code null} when the store is empty. */
    @Override
    public TrackingToken createHeadToken() {
        return read(() -> {
            long head = writer.findHead();
            return head == CommitSchema.FIRST_GLOBAL_INDEX ? null : token(head - 1);
        }, "Failed to create a head token");
    }

    /**
     * The global index of the last stored event, or {@code -1} when the store is empty: the position of
     * {@link #createHeadToken()} with its empty-store {@code null} turned into a number, for arithmetic on positions
     * (how far a processor is behind the head). Global indexes start at 1 and an empty store answers 0, so the head
     * position is also the number of events a reader that has read none is behind, and the difference of two readings
     * is the number of events appended between them.
     */
    public long headPosition() {
        TrackingToken head = createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    /**
     * A token right before the first event (in global order) whose timestamp is at or after {@code dateTime}, like
     * Axon's JDBC engine; the head token when there is none.
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return read(() -> log.firstCommitWithEventAtOrAfter(dateTime).map(commit -> {
            // timestamps are stored with millisecond precision, like Axon's JDBC and JPA engines
            Instant from = dateTime.truncatedTo(ChronoUnit.MILLIS);
            List<StoredEvent> events = CommitSchema.events(commit);
            for (StoredEvent event : events) {
                if (!event.getTimestamp().isBefore(from)) {
                    return token(event.globalIndex() - 1);
                }
            }
            return token(events.get(events.size() - 1).globalIndex());
        }).orElseGet(this::createHeadToken), "Failed to create a token at [" + dateTime + "]");
    }

    private static TrackingToken token(long index) {
        return GapAwareTrackingToken.newInstance(index, Collections.emptySortedSet());
    }

    private static <T> T read(Supplier<T> query, String failure) {
        try {
            return query.get();
        } catch (MongoException e) {
            throw new EventStoreException(failure, e);
        }
    }

    /**
     * Builder for {@link MongoCommitEventStorageEngine}: everything of {@link BatchingEventStorageEngine.Builder} plus
     * the MongoDB specifics. Gap handling defaults match Axon's JDBC engine.
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private String eventsCollectionName = "events";
        private String snapshotsCollectionName = "snapshots";
        private int maxGapOffset = 10_000;
        private long gapTimeoutMillis = 60_000L;
        private int gapCleaningThreshold = 250;
        private boolean eventSerializerSet;
        private boolean snapshotSerializerSet;
        private boolean persistenceExceptionResolverSet;

        protected Builder() {
        }

        /** The database holding the events and snapshots collections (required). Its write concern is used as is. */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        public Builder eventsCollectionName(String eventsCollectionName) {
            assertNonEmpty(eventsCollectionName, "The events collection name may not be null or empty");
            this.eventsCollectionName = eventsCollectionName;
            return this;
        }

        public Builder snapshotsCollectionName(String snapshotsCollectionName) {
            assertNonEmpty(snapshotsCollectionName, "The snapshots collection name may not be null or empty");
            this.snapshotsCollectionName = snapshotsCollectionName;
            return this;
        }

        /** How far (in global indexes) behind the token a gap is still waited for. Defaults to 10000. */
        public Builder maxGapOffset(int maxGapOffset) {
            assertStrictPositive(maxGapOffset, "maxGapOffset must be positive");
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        /** How old (by timestamp) an event may be and still open gaps before it. Defaults to 60 seconds. */
        public Builder gapTimeout(long gapTimeoutMillis) {
            assertThat(gapTimeoutMillis, timeout -> timeout >= 0, "gapTimeout may not be negative");
            this.gapTimeoutMillis = gapTimeoutMillis;
            return this;
        }

        /** The number of gaps in a token above which timed-out gaps are cleaned. Defaults to 250. */
        public Builder gapCleaningThreshold(int gapCleaningThreshold) {
            assertStrictPositive(gapCleaningThreshold, "gapCleaningThreshold must be positive");
            this.gapCleaningThreshold = gapCleaningThreshold;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            this.snapshotSerializerSet = true;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            this.eventSerializerSet = true;
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver persistenceExceptionResolver) {
            super.persistenceExceptionResolver(persistenceExceptionResolver);
            this.persistenceExceptionResolverSet = true;
            return this;
        }

        @Override
        @Deprecated
        public Builder snapshotFilter(Predicate<? super DomainEventData<?>> snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        public Builder finalAggregateBatchPredicate(
                Predicate<List<? extends DomainEventData<?>>> finalAggregateBatchPredicate) {
            super.finalAggregateBatchPredicate(finalAggregateBatchPredicate);
            return this;
        }

        public MongoCommitEventStorageEngine build() {
            return new MongoCommitEventStorageEngine(this);
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
            if (!eventSerializerSet || !snapshotSerializerSet) {
                Serializer json = defaultSerializer();
                if (!eventSerializerSet) {
                    eventSerializer(json);
                }
                if (!snapshotSerializerSet) {
                    snapshotSerializer(json);
                }
            }
            if (!persistenceExceptionResolverSet) {
                persistenceExceptionResolver(new MongoDuplicateKeyResolver());
            }
            super.validate();
        }

        /**
         * Jackson with ISO-8601 dates (readable in the database) and exact decimals: JSON trees keep BigDecimal values
         * and their scale ({@code 10.50} stays {@code 10.50}), which become Decimal128 in BSON.
         */
        private static Serializer defaultSerializer() {
            ObjectMapper objectMapper = new ObjectMapper()
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .configure(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
            return JacksonSerializer.builder().objectMapper(objectMapper).build();
        }
    }
}
