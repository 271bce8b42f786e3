package com.sharefab.app.listing;

import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Every listing test over HTTP again, with the catalog search answered by MongoDB's compound indexes
 * ({@code sharefab.listings.search=mongo}, ADR 0005) instead of the in-memory catalog.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sharefab.mongodb.embedded=memory",
            "sharefab.listings.search=mongo"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingGraphQlMongoSearchIT extends ListingGraphQlIT {}
