package com.sharefab.app.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small bounded maps for the app's caches of derived values (decoded tokens, parsed documents). */
public final class BoundedMaps {

    private BoundedMaps() {}

    /** A synchronized map that forgets its least recently used entry beyond {@code max}. */
    public static <K, V> Map<K, V> leastRecentlyUsed(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a bounded map holds at least one entry: " + max);
        }
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        });
    }
}
