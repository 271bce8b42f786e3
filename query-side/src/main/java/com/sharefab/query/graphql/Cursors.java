package com.sharefab.query.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** Opaque cursors and page building for Relay connections ordered by a string key. */
public final class Cursors {

    /** The largest page a client may ask for. */
    public static final int MAX_PAGE_SIZE = 100;

    private Cursors() {}

    /** The cursor of a sort key. */
    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The sort key of a cursor, or {@code null} for none; a malformed cursor is the client's error. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("after", "is not a cursor this API gave out");
        }
    }

    /** Checks a page size: 1 to {@link #MAX_PAGE_SIZE}. */
    public static int pageSize(Integer first) {
        int size = first == null ? 20 : first;
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidArgumentException("first", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size;
    }

    /**
     * A page from up to {@code size + 1} rows read in order: the extra row only tells that there is a next page.
     */
    public static <T> Connection<T> page(List<T> rows, int size, boolean hasPrevious, Function<T, String> key) {
        var nodes = rows.size() > size ? rows.subList(0, size) : rows;
        var edges = nodes.stream().map(n -> new Connection.Edge<>(encode(key.apply(n)), n)).toList();
        var pageInfo = new Connection.PageInfo(
                rows.size() > size,
                hasPrevious,
                edges.isEmpty() ? null : edges.get(0).cursor(),
                edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
        return new Connection<>(edges, pageInfo);
    }
}
