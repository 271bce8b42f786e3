package com.sharefab.query.listing;

import static com.sharefab.query.listing.ListingTestData.CLOCK;
import static com.sharefab.query.listing.ListingTestData.TODAY;
import static com.sharefab.query.listing.ListingTestData.day;
import static com.sharefab.query.listing.ListingTestData.priceChanged;
import static com.sharefab.query.listing.ListingTestData.published;
import static com.sharefab.query.listing.ListingTestData.rejected;
import static com.sharefab.query.listing.ListingTestData.reserved;
import static com.sharefab.query.listing.ListingTestData.units;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.listing.ListingEvent;
import com.sharefab.query.TestMongo;
import com.sharefab.query.graphql.InvalidArgumentException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.support.AnnotatedControllerConfigurer;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.execution.SchemaReport;
import org.springframework.graphql.test.tester.ExecutionGraphQlServiceTester;
import org.springframework.stereotype.Controller;

/**
 * The listing and step queries and the subscription as a client sees them: real GraphQL documents against the schema
 * files, with every query-side component wired by Spring as the app wires them (component scan of
 * {@code com.sharefab.query}), on the embedded wire server and an in-memory event store.
 */
class ListingGraphQlTest {

    /** The types and root fields this slice serves; the schema inspection must find all of them mapped. */
    private static final Set<String> OUR_TYPES =
            Set.of("Listing", "ListingDay", "ListingConnection", "ListingEdge", "Industry", "Step");

    private static final Set<String> OUR_ROOT_FIELDS = Set.of(
            "Query.industries", "Query.steps", "Query.listings", "Query.listing", "Query.myListings",
            "Subscription.listingAvailabilityChanged");

    private static TestMongo mongo;

    private AnnotationConfigApplicationContext context;
    private EmbeddedEventStore eventStore;
    private SchemaReport report;
    private ExecutionGraphQlServiceTester graphQl;
    private final Map<String, Long> sequences = new HashMap<>();

    @BeforeAll
    static void startServer() {
        mongo = new TestMongo();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        context = new AnnotationConfigApplicationContext();
        context.registerBean(MongoDatabase.class, mongo::freshDatabase);
        context.registerBean(org.axonframework.eventsourcing.eventstore.EventStore.class, () -> eventStore);
        context.registerBean(Clock.class, () -> CLOCK);
        context.registerBean(MoneyYuan.class);
        context.scan("com.sharefab.query");
        context.refresh();

        var controllers = new AnnotatedControllerConfigurer();
        controllers.setApplicationContext(context);
        controllers.afterPropertiesSet();
        var source = GraphQlSource.schemaResourceBuilder()
                // Every feature's schema file: the scan above registers every query-side controller, and each must
                // find its fields (other features' unmapped fields are filtered out below).
                .schemaResources(schemaFiles())
                .configureRuntimeWiring(controllers)
                .configureRuntimeWiring(scalars())
                .exceptionResolvers(List.of(controllers.getExceptionResolver(), new BadUserInput()))
                .inspectSchemaMappings(found -> report = found)
                .build();
        graphQl = ExecutionGraphQlServiceTester.create(new DefaultExecutionGraphQlService(source));
    }

    @AfterEach
    void tearDown() {
        context.close();
        eventStore.shutDown();
    }

    @Test
    void schema_listingAndStepFields_areAllMappedAndBound() {
        var ours = report.unmappedFields().stream()
                .filter(field -> OUR_TYPES.contains(field.getTypeName())
                        || OUR_ROOT_FIELDS.contains(field.getTypeName() + "." + field.getFieldName()))
                .toList();

        assertThat(ours).isEmpty();
        assertThat(report.unmappedRegistrations()).isEmpty();
        assertThat(report.unmappedArguments()).isEmpty();
        assertThat(report.dataFetcher(FieldCoordinates.coordinates("Listing", "days"))).isNotNull();
    }

    @Test
    void listings_filterWithWindow_answersNodesWithComputedFields() {
        apply(published("a", "f1", "headwear.embroidery", 12345, 1, "山东", "青岛", TODAY, day(9), day(3)),
                reserved("a", "o1", units(day(1), 100)),
                published("b", "f1", "general.sewing", 100, 1, "山东", "青岛", TODAY, day(9)));

        graphQl.document("""
                        query($filter: ListingFilter) {
                          listings(filter: $filter, sort: EARLIEST_FREE_DAY_ASC, first: 5) {
                            edges { cursor node {
                              id factoryFirmId status unit
                              unitPrice { fen currency yuan }
                              step { id industryCode nameZh }
                              closedDays earliestFreeDay publishedAt
                              days(from: "2026-11-24", to: "2026-11-26") {
                                id date closed capacity reserved free utilisationPercent
                              }
                            } }
                            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                          }
                        }""")
                .variable("filter", Map.of(
                        "industryCode", "headwear", "province", "山东", "from", day(0).toString(),
                        "to", day(4).toString(), "minFreeQuantity", 200, "maxUnitPriceFen", 20000))
                .execute()
                .errors().verify()
                .path("listings.edges[*].node.id").entityList(String.class).containsExactly("a")
                .path("listings.edges[0].node.unitPrice.fen").entity(Long.class).isEqualTo(12345L)
                .path("listings.edges[0].node.unitPrice.yuan").entity(String.class).isEqualTo("123.45")
                .path("listings.edges[0].node.step.nameZh").entity(String.class).isEqualTo("刺绣")
                .path("listings.edges[0].node.status").entity(String.class).isEqualTo("ACTIVE")
                .path("listings.edges[0].node.closedDays").entityList(String.class).containsExactly("2026-11-26")
                .path("listings.edges[0].node.earliestFreeDay").entity(String.class).isEqualTo("2026-11-25")
                .path("listings.edges[0].node.days[*].free").entityList(Long.class).containsExactly(0L, 100L, 0L)
                .path("listings.edges[0].node.days[0].utilisationPercent").entity(Double.class).isEqualTo(100.0)
                .path("listings.edges[0].node.days[2].closed").entity(Boolean.class).isEqualTo(true)
                .path("listings.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void listings_reversedWindow_isBadUserInputNamingTheField() {
        graphQl.document("""
                        { listings(filter: {from: "2026-12-02", to: "2026-12-01"}) { edges { cursor } } }""")
                .execute()
                .errors()
                .expect(error -> "filter.to".equals(error.getExtensions().get("field"))
                        && "BAD_USER_INPUT".equals(error.getExtensions().get("code")))
                .verify();
    }

    @Test
    void listingDays_rangeOver366Days_isBadUserInputNamingTo() {
        apply(published("a", "f1", "headwear.embroidery", 100, 1, "山东", "青岛", TODAY, day(9)));

        graphQl.document("""
                        { listing(id: "a") { days(from: "2026-01-01", to: "2027-01-02") { id } } }""")
                .execute()
                .errors()
                .expect(error -> "to".equals(error.getExtensions().get("field")))
                .verify();
    }

    @Test
    void myListings_actorInContext_answersTheFactorysListings() {
        apply(published("mine", "factory-9", "headwear.embroidery", 100, 1, "山东", "青岛", TODAY, day(9)),
                published("theirs", "factory-8", "headwear.embroidery", 100, 1, "山东", "青岛", TODAY, day(9)));
        var asFactory = graphQl.mutate()
                .configureExecutionInput((input, builder) -> builder.graphQLContext(
                                Map.of(com.sharefab.query.graphql.Access.ACTOR, new Actor("u1", "factory-9", "FACTORY")))
                        .build())
                .build();

        asFactory.document("{ myListings { edges { node { id days { utilisationPercent } } } } }")
                .execute()
                .path("myListings.edges[*].node.id").entityList(String.class).containsExactly("mine")
                .path("myListings.edges[0].node.days").entityList(Object.class).hasSize(10);
        graphQl.document("{ myListings { edges { node { id } } pageInfo { hasNextPage } } }")
                .execute()
                .path("myListings.edges").entityList(Object.class).hasSize(0);
    }

    @Test
    void stepTaxonomy_industriesAndSteps_comeFromTheTaxonomy() {
        graphQl.document("{ industries { id nameZh nameEn steps { id industryCode } } }")
                .execute()
                .path("industries[*].id").entityList(String.class).containsExactly("headwear", "general")
                .path("industries[0].steps[2].id").entity(String.class).isEqualTo("headwear.embroidery");
        graphQl.document("{ steps(industryCode: \"general\") { id nameEn } }")
                .execute()
                .path("steps[0].id").entity(String.class).isEqualTo("general.cnc-machining");
        graphQl.document("{ steps { id } }")
                .execute()
                .path("steps").entityList(Object.class).hasSize(11);
        graphQl.document("{ steps(industryCode: \"nope\") { id } }")
                .execute()
                .errors()
                .expect(error -> "industryCode".equals(error.getExtensions().get("field")))
                .verify();
    }

    @Test
    void listingAvailabilityChanged_priceChangeAndReservation_firesTwiceButNotForARejection() throws Exception {
        apply(published("a", "f1", "headwear.embroidery", 100, 1, "山东", "青岛", TODAY, day(9)));
        var received = new LinkedBlockingQueue<Long>();
        var subscription = graphQl.document("""
                        subscription { listingAvailabilityChanged(listingId: "a") {
                          id unitPrice { fen } days(from: "2026-11-24", to: "2026-11-24") { free } } }""")
                .executeSubscription()
                .toFlux("listingAvailabilityChanged.days[0].free", Long.class)
                .subscribe(received::add);
        try {
            var subscriptions = context.getBean(ListingSubscriptions.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!subscriptions.isListening("a") && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5); // the service subscribes asynchronously
            }

            // One change at a time: the feed coalesces a burst on one listing into one update (by design).
            apply(rejected("a", "o0"), priceChanged("a", 120));
            assertThat(received.poll(10, TimeUnit.SECONDS)).as("after the price change").isEqualTo(100L);
            apply(reserved("a", "o1", units(day(1), 30)));
            assertThat(received.poll(10, TimeUnit.SECONDS)).as("after the reservation").isEqualTo(70L);
            apply(rejected("a", "o2"));
            assertThat(received.poll(1, TimeUnit.SECONDS)).as("after a rejection").isNull();
        } finally {
            subscription.dispose();
        }
    }

    /** Projects on this node and appends to the event store, as the command side and Axon would. */
    private void apply(ListingEvent... events) {
        var projection = context.getBean(ListingProjection.class);
        for (var event : events) {
            long sequence = sequences.merge(event.listingId(), 0L, (old, zero) -> old + 1);
            eventStore.publish(new GenericDomainEventMessage<>("CapacityListing", event.listingId(), sequence, event));
            projection.on(event, sequence);
        }
    }

    private static RuntimeWiringConfigurer scalars() {
        var dateTime = GraphQLScalarType.newScalar()
                .name("DateTime")
                .coercing(new Coercing<Instant, String>() {
                    @Override
                    @SuppressWarnings("deprecation")
                    public String serialize(Object value) {
                        return value.toString();
                    }
                })
                .build();
        // JSON: the audit schema's payloads (the app wires it in AuditGraphQlConfiguration)
        return wiring -> wiring.scalar(ExtendedScalars.Date).scalar(dateTime).scalar(ExtendedScalars.GraphQLLong)
                .scalar(ExtendedScalars.Json);
    }

    /** The app maps Money.yuan (PlatformController); here a stand-in. */
    @Controller
    static class MoneyYuan {
        @SchemaMapping(typeName = "Money", field = "yuan")
        String yuan(Money money) {
            return BigDecimal.valueOf(money.fen(), 2).toPlainString();
        }
    }

    /** What the app's GraphQlErrors does with an InvalidArgumentException. */
    static class BadUserInput extends DataFetcherExceptionResolverAdapter {
        @Override
        protected GraphQLError resolveToSingleError(Throwable exception, DataFetchingEnvironment env) {
            if (exception instanceof InvalidArgumentException invalid) {
                return GraphqlErrorBuilder.newError(env)
                        .errorType(ErrorType.BAD_REQUEST)
                        .message(invalid.getMessage())
                        .extensions(Map.of("code", "BAD_USER_INPUT", "field", invalid.argument()))
                        .build();
            }
            return null;
        }
    }

    private static org.springframework.core.io.Resource[] schemaFiles() {
        try {
            return new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                    .getResources("classpath*:graphql/*.graphqls");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
