package com.sharefab.query.listing;

import com.sharefab.events.step.Step;
import com.sharefab.events.step.StepTaxonomy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The catalog search, answered from memory: one compact entry per listing, per node (ADR 0005).
 *
 * <p>Why memory: on the embedded default every catalog query is a collection scan (mongo-java-server ignores
 * non-unique indexes). A scan that filters by step and sorts by price is fast enough there (about 9 ms for 10k), but
 * the free-capacity window and the earliest-free-day order depend on today and on sums over days, which no index
 * serves on any server: they need every candidate's calendar, and reading those takes 70-80 ms at the median, over
 * 100 ms at p99. Here a search walks 10k small entries in one to two milliseconds, whatever the filter.
 *
 * <p>The entries are a cache of {@code listing_views}, which stays the source of truth: loaded at start, replaced
 * by this node's projection as it writes ({@link #put}), by {@link ListingChangeFeed} when a listing changed on any
 * node, and reloaded now and then. The reloads are anti-entropy for what the feed cannot see, as it starts at the
 * head of the log: an event appended before this node started but projected (elsewhere) after the first load, a
 * change whose projection took longer than the feed waits, a replay. So: a load at start (after the feed took its
 * head), one {@value #SETTLE_SECONDS} s later, then every {@code sharefab.listings.catalog-reload-seconds} (300).
 * A reload reads every view once: about 0.3 s per 10k listings on the embedded default (ADR 0005).
 *
 * <p>A search picks the page's ids here; the nodes come from {@link ListingViews} by {@code _id}.
 */
@Component
class ListingCatalog implements SmartLifecycle, ListingSearch {

    private static final Logger log = LoggerFactory.getLogger(ListingCatalog.class);

    /** When the second load runs: by then what was being projected while this node started is in the views. */
    static final long SETTLE_SECONDS = 30;

    /** The sort key of a listing without a free day left: after every day. */
    static final long NO_FREE_DAY = Long.MAX_VALUE;

    private final ListingViews views;
    private final long reloadSeconds;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object reloadLock = new Object();
    private volatile boolean loaded;
    private ScheduledExecutorService scheduler;

    ListingCatalog(
            ListingViews views, @Value("${sharefab.listings.catalog-reload-seconds:300}") long reloadSeconds) {
        this.views = views;
        this.reloadSeconds = reloadSeconds;
    }

    /**
     * Up to {@code limit} ACTIVE listings matching {@code criteria}, in {@code sort} order, after {@code after}
     * (null: from the start).
     */
    @Override
    public List<Hit> search(Criteria criteria, ListingSort sort, Hit after, int limit, LocalDate today) {
        ensureLoaded();
        var order = Comparator.comparingLong(Hit::key).thenComparing(Hit::id);
        // The `limit` smallest hits: a max-heap that drops its largest when it grows past the limit.
        var heap = new PriorityQueue<Hit>(limit + 1, order.reversed());
        long todayEpoch = today.toEpochDay();
        for (var entry : entries.values()) {
            if (!criteria.matches(entry, todayEpoch)) {
                continue;
            }
            var hit = new Hit(entry.id, entry.key(sort, todayEpoch));
            if (after != null && order.compare(hit, after) <= 0) {
                continue;
            }
            heap.add(hit);
            if (heap.size() > limit) {
                heap.poll();
            }
        }
        var hits = new ArrayList<>(heap);
        hits.sort(order);
        return hits;
    }

    /** Takes a listing's view unless the entry already reflects a later event. */
    void put(ListingView view) {
        var entry = Entry.of(view);
        // An equal sequence replaces: after a replay with a corrected fold the rebuilt view wins.
        entries.merge(view.id(), entry, (old, fresh) -> fresh.lastSequence >= old.lastSequence ? fresh : old);
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    /**
     * Reads every view again: replaces what changed, drops entries whose listing is gone (unless changed while
     * reading). One scan of {@code listing_views}.
     */
    void reload() {
        synchronized (reloadLock) {
            var before = new HashMap<>(entries);
            var seen = new HashSet<String>();
            views.forEach(view -> {
                seen.add(view.id());
                put(view);
            });
            before.forEach((id, entry) -> {
                if (!seen.contains(id)) {
                    entries.remove(id, entry);
                }
            });
            loaded = true;
        }
    }

    /** The first search on a node waits for the first load (or runs it); later ones never wait. */
    private void ensureLoaded() {
        if (!loaded) {
            synchronized (reloadLock) {
                if (!loaded) {
                    reload();
                }
            }
        }
    }

    @Override
    public void start() {
        var executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            var thread = new Thread(runnable, "listing-catalog-reload");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = executor;
        scheduler.execute(this::reloadQuietly);
        scheduler.schedule(this::reloadQuietly, SETTLE_SECONDS, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::reloadQuietly, reloadSeconds, reloadSeconds, TimeUnit.SECONDS);
    }

    /** After {@link ListingChangeFeed} (which starts one phase earlier), so nothing falls between feed and load. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            // Let a reload in progress finish: interrupted, the driver would throw from the middle of a read.
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    private void reloadQuietly() {
        try {
            long started = System.nanoTime();
            reload();
            log.debug("Listing catalog reloaded: {} listings in {} ms", entries.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("Listing catalog reload failed; retrying in {} s", reloadSeconds, e);
        }
    }

    /** A listing in a result page: its id and the sort key it was placed by (what its cursor carries). */
    record Hit(String id, long key) {}

    /**
     * What a search asks for; null fields do not filter. {@code minFree > 0} asks for at least that many free units
     * in total over the open days of {@code [from, to]} a booking made today could use.
     */
    record Criteria(
            String stepCode,
            String industryCode,
            String province,
            String city,
            Long maxUnitPriceFen,
            LocalDate from,
            LocalDate to,
            long minFree) {

        boolean matches(Entry entry, long today) {
            return entry.status == ListingStatus.ACTIVE
                    && (stepCode == null || stepCode.equals(entry.stepCode))
                    && (industryCode == null || industryCode.equals(entry.industryCode))
                    && (province == null || province.equals(entry.province))
                    && (city == null || city.equals(entry.city))
                    && (maxUnitPriceFen == null || entry.unitPriceFen <= maxUnitPriceFen)
                    && (minFree <= 0
                            || entry.freeUnits(
                                            Math.max(from.toEpochDay(), today + entry.leadTimeDays), to.toEpochDay())
                                    >= minFree);
        }
    }

    /**
     * A listing as the search needs it. The calendar is compact: the daily capacity, and only the days of the
     * bookable range whose free units differ from it (closed or reserved), ascending, with a running sum of what
     * they lack — so the free units of any window are one subtraction and two binary searches.
     */
    static final class Entry {
        final String id;
        final String stepCode;
        final String industryCode;
        final String province;
        final String city;
        final ListingStatus status;
        final long unitPriceFen;
        final int leadTimeDays;
        final long dailyCapacity;
        final long firstDay;
        final long lastDay;
        final long[] exceptionDays;
        final long[] exceptionFree;
        /** {@code lacking[i]}: the units days {@code 0..i-1} of the exceptions lack against the daily capacity. */
        final long[] lacking;
        final long lastSequence;

        private Entry(ListingView view, long[] exceptionDays, long[] exceptionFree) {
            this.id = view.id();
            this.stepCode = view.stepCode();
            this.industryCode = StepTaxonomy.step(view.stepCode())
                    .map(Step::industryCode)
                    .orElse(null);
            this.province = view.province();
            this.city = view.city();
            this.status = view.status();
            this.unitPriceFen = view.unitPrice().fen();
            this.leadTimeDays = view.leadTimeDays();
            this.dailyCapacity = view.dailyCapacity();
            this.firstDay = view.bookableFrom().toEpochDay();
            this.lastDay = view.bookableTo().toEpochDay();
            this.exceptionDays = exceptionDays;
            this.exceptionFree = exceptionFree;
            this.lacking = new long[exceptionDays.length + 1];
            for (int i = 0; i < exceptionDays.length; i++) {
                lacking[i + 1] = lacking[i] + (Math.max(0, dailyCapacity) - exceptionFree[i]);
            }
            this.lastSequence = view.lastSequence();
        }

        static Entry of(ListingView view) {
            var days = new TreeSet<LocalDate>();
            days.addAll(view.closedDays());
            days.addAll(view.reserved().keySet());
            var exceptionDays = new long[days.size()];
            var exceptionFree = new long[days.size()];
            int n = 0;
            for (var day : days) {
                long free = view.freeOn(day);
                if (view.isOpen(day) && free == Math.max(0, view.dailyCapacity())) {
                    continue;
                }
                if (day.isBefore(view.bookableFrom()) || day.isAfter(view.bookableTo())) {
                    continue;
                }
                exceptionDays[n] = day.toEpochDay();
                exceptionFree[n] = free;
                n++;
            }
            return new Entry(view, Arrays.copyOf(exceptionDays, n), Arrays.copyOf(exceptionFree, n));
        }

        /** Free units in total over the days {@code [from, to]} (epoch days), clipped to the bookable range. */
        long freeUnits(long from, long to) {
            long start = Math.max(from, firstDay);
            long end = Math.min(to, lastDay);
            if (start > end || dailyCapacity <= 0) {
                return 0;
            }
            int lo = lowerBound(start);
            int hi = lowerBound(end + 1);
            return dailyCapacity * (end - start + 1) - (lacking[hi] - lacking[lo]);
        }

        /** The first day (epoch day) on or after {@code from} with free units, or {@link #NO_FREE_DAY}. */
        long earliestFreeDay(long from) {
            if (status == ListingStatus.WITHDRAWN || dailyCapacity <= 0) {
                return NO_FREE_DAY;
            }
            long day = Math.max(from, firstDay);
            int i = lowerBound(day);
            while (day <= lastDay) {
                if (i < exceptionDays.length && exceptionDays[i] == day) {
                    if (exceptionFree[i] > 0) {
                        return day;
                    }
                    i++;
                    day++;
                } else {
                    return day;
                }
            }
            return NO_FREE_DAY;
        }

        long key(ListingSort sort, long today) {
            return switch (sort) {
                case PRICE_ASC -> unitPriceFen;
                case LEAD_TIME_ASC -> leadTimeDays;
                case EARLIEST_FREE_DAY_ASC -> earliestFreeDay(today + leadTimeDays);
            };
        }

        private int lowerBound(long day) {
            int i = Arrays.binarySearch(exceptionDays, day);
            return i >= 0 ? i : -i - 1;
        }
    }
}
