package com.sharefab.query.listing;

import com.sharefab.query.metrics.ReadModelGauge;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The listing read model's gauges: {@code sharefab.listings.by_status{status}}. */
@Configuration(proxyBeanMethods = false)
class ListingGauges {

    @Bean
    ReadModelGauge listingsByStatus(ListingViews views) {
        return ReadModelGauge.byTag(
                "sharefab.listings.by_status",
                "Listings in each status",
                "status",
                Arrays.stream(ListingStatus.values()).map(Enum::name).toList(),
                views::countByStatus);
    }
}
