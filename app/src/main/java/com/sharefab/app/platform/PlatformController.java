package com.sharefab.app.platform;

import com.sharefab.events.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import reactor.core.publisher.Flux;
import java.time.Duration;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The root fields every client can use to check it reaches the platform, and the shared Money type. */
@Controller
class PlatformController {

    private final String version;

    PlatformController(@Value("${sharefab.version:dev}") String version) {
        this.version = version;
    }

    @QueryMapping
    Platform platform() {
        return new Platform("sharefab", version, Instant.now(Clock.systemUTC()));
    }

    @MutationMapping
    String ping() {
        return "pong";
    }

    @SubscriptionMapping
    Flux<Instant> heartbeat(@Argument Integer count) {
        int n = count == null ? 3 : Math.max(1, Math.min(count, 60));
        return Flux.interval(Duration.ZERO, Duration.ofSeconds(1)).take(n).map(tick -> Instant.now(Clock.systemUTC()));
    }

    /** 12345 fen is "123.45": exact decimal text, never a float. */
    @SchemaMapping(typeName = "Money", field = "yuan")
    String yuan(Money money) {
        return BigDecimal.valueOf(money.fen(), 2).toPlainString();
    }

    record Platform(String id, String version, Instant serverTime) {}
}
