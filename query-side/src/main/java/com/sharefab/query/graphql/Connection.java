package com.sharefab.query.graphql;

import java.util.List;

/**
 * One page of a Relay connection.
 *
 * @param edges    the page's nodes with their cursors
 * @param pageInfo where the page stands
 */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo) {

    /** A node and the opaque cursor that points just past it. */
    public record Edge<T>(String cursor, T node) {}

    /** Relay's page info. */
    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}
}
