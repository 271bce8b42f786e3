package com.sharefab.app.demo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.sharefab.app.observability.Progress;
import com.sharefab.command.axon.Commands;
import com.sharefab.command.firm.RegisterFirmCommand;
import com.sharefab.command.listing.PublishListingCommand;
import com.sharefab.command.order.PlaceOrderCommand;
import com.sharefab.events.Actor;
import com.sharefab.events.firm.FirmRole;
import com.sharefab.events.order.MaterialQuantity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo data for a developer's app ({@code --spring.profiles.active=dev --sharefab.demo.seed=true}): registers a few
 * factories and buyers, publishes a listing per factory and places a few orders, all through the same command path
 * as GraphQL mutations ({@link Commands}, each command as the firm's own user). Runs once the app is ready, on a
 * thread of its own; its progress (done of total, rate, time left) goes to the log and to the
 * {@code sharefab_progress_*{task="demo-seed"}} gauges. Ids are fixed ({@code demo-factory-1}, ...), so a second
 * start on the same data changes nothing: the commands are idempotent per id.
 */
@Component
@Profile("dev")
@ConditionalOnProperty(name = "sharefab.demo.seed", havingValue = "true")
class DemoSeed {

    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);
    private static final ZoneId CALENDAR = ZoneId.of("Asia/Shanghai");
    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(30);

    private final Commands commands;
    private final MongoDatabase database;
    private final MeterRegistry registry;
    private final int factories;
    private final int buyers;
    private final int ordersPerBuyer;

    DemoSeed(Commands commands, MongoDatabase database, MeterRegistry registry,
            @Value("${sharefab.demo.factories:3}") int factories,
            @Value("${sharefab.demo.buyers:3}") int buyers,
            @Value("${sharefab.demo.orders-per-buyer:2}") int ordersPerBuyer) {
        this.commands = commands;
        this.database = database;
        this.registry = registry;
        this.factories = factories;
        this.buyers = buyers;
        this.ordersPerBuyer = ordersPerBuyer;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seedWhenReady() {
        var thread = new Thread(this::seed, "demo-seed");
        thread.setDaemon(true);
        thread.start();
    }

    /** Firms, then listings, then orders; each step counts once it is in the read model (orders: once accepted). */
    void seed() {
        long total = factories + buyers + factories + (long) buyers * ordersPerBuyer;
        var progress = Progress.start(registry, "demo-seed", total, Duration.ofSeconds(2));
        try {
            var factoryIds = new ArrayList<String>();
            for (int f = 1; f <= factories; f++) {
                factoryIds.add(register("demo-factory-" + f, "青岛绣花厂" + f, FirmRole.FACTORY, f));
                progress.step();
            }
            var buyerIds = new ArrayList<String>();
            for (int b = 1; b <= buyers; b++) {
                buyerIds.add(register("demo-buyer-" + b, "胶州帽业" + b, FirmRole.BUYER, 100 + b));
                progress.step();
            }
            var listingIds = new ArrayList<String>();
            for (int f = 0; f < factoryIds.size(); f++) {
                listingIds.add(publish(factoryIds.get(f), f));
                progress.step();
            }
            LocalDate today = LocalDate.now(CALENDAR);
            for (int b = 0; b < buyerIds.size(); b++) {
                for (int o = 0; o < ordersPerBuyer; o++) {
                    var listingId = listingIds.get((b + o) % listingIds.size());
                    var orderId = "demo-order-" + (b + 1) + "-" + (o + 1);
                    commands.sendAndWait(new PlaceOrderCommand(orderId, listingId, 50L + 10L * o,
                                    today.plusDays(1), today.plusDays(10),
                                    List.of(new MaterialQuantity("caps", 60L + 10L * o)), 220L),
                            actor(buyerIds.get(b), FirmRole.BUYER), "demo-seed");
                    progress.step();
                }
            }
            progress.finish();
        } catch (RuntimeException e) {
            log.warn("demo-seed stopped after {} of {}: {}", progress.done(), progress.total(), e.toString());
            progress.finish();
        }
    }

    private String register(String firmId, String name, FirmRole role, int n) {
        commands.sendAndWait(new RegisterFirmCommand(firmId, name, uscc(n), Set.of(role), "王伟",
                "+86 532 8888 " + String.format("%04d", n), null), actor(firmId, role), "demo-seed");
        awaitView("firm_views", firmId);
        return firmId;
    }

    private String publish(String factoryId, int index) {
        var listingId = "demo-listing-" + (index + 1);
        LocalDate today = LocalDate.now(CALENDAR);
        commands.sendAndWait(new PublishListingCommand(listingId, "headwear.embroidery", "piece", 150L + 10L * index,
                        10L, 500L + 100L * index, today.plusDays(1), today.plusDays(60), List.of(), 0,
                        "山东", "青岛", List.of("caps", "thread"), "GB/T 2912"),
                actor(factoryId, FirmRole.FACTORY), "demo-seed");
        awaitView("listing_views", listingId);
        return listingId;
    }

    /** An order is checked against the firm and listing read models: wait until they show the new ones. */
    private void awaitView(String collection, String id) {
        long deadline = System.nanoTime() + PROJECTION_WAIT.toNanos();
        while (database.getCollection(collection).find(Filters.eq("_id", id)).first() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(collection + " does not show " + id + " after " + PROJECTION_WAIT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Actor actor(String firmId, FirmRole role) {
        return new Actor("demo-user-of-" + firmId, firmId, role.name());
    }

    /** A valid Unified Social Credit Code (GB 32100-2015 check character), fixed per {@code n}. */
    static String uscc(int n) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        var body = "913702" + String.format("%011d", 990_000_000L + n);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += alphabet.indexOf(body.charAt(i)) * weights[i];
        }
        return body + alphabet.charAt((31 - sum % 31) % 31);
    }
}
