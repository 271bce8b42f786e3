package com.sharefab.query.listing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Today on the platform's calendar: production days are Asia/Shanghai days, wherever the server runs. */
@Component
class BusinessDay {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Clock clock;

    /** Uses the application's {@link Clock} if it has one (tests pin it), else the system clock. */
    @Autowired
    BusinessDay(ObjectProvider<Clock> clock) {
        this(clock.getIfAvailable(Clock::systemUTC));
    }

    BusinessDay(Clock clock) {
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }
}
