package com.sharefab.query.listing;

import java.time.LocalDate;
import java.util.List;

/** Picks a page of the catalog search: the ids and sort keys; the nodes come from {@link ListingViews}. */
interface ListingSearch {

    /**
     * Up to {@code limit} ACTIVE listings matching {@code criteria}, in {@code sort} order (ties by id), after
     * {@code after} (null: from the start), with today's date as the free-capacity window and the earliest free day
     * see it.
     */
    List<ListingCatalog.Hit> search(
            ListingCatalog.Criteria criteria,
            ListingSort sort,
            ListingCatalog.Hit after,
            int limit,
            LocalDate today);
}
