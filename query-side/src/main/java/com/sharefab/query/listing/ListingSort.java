package com.sharefab.query.listing;

/** The catalog's orders: the GraphQL {@code ListingSort}. Ties are broken by listing id. */
enum ListingSort {
    PRICE_ASC("P"),
    LEAD_TIME_ASC("L"),
    EARLIEST_FREE_DAY_ASC("E");

    /** The tag a cursor carries, so a cursor of one order is refused in another. */
    final String tag;

    ListingSort(String tag) {
        this.tag = tag;
    }
}
