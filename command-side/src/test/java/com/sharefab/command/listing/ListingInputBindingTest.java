package com.sharefab.command.listing;

import static com.sharefab.command.listing.ListingTestData.aPublishListingCommand;
import static com.sharefab.command.listing.ListingTestData.december;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.graphql.data.GraphQlArgumentBinder;

/** The GraphQL inputs, as graphql-java coerces them (Date → LocalDate, Long → Long, Int → Integer), bind to the commands. */
class ListingInputBindingTest {

    private final GraphQlArgumentBinder binder = new GraphQlArgumentBinder();

    private <T> T bind(Map<String, Object> input, Class<T> type) throws Exception {
        return type.cast(binder.bind(input, false, ResolvableType.forClass(type)));
    }

    @Test
    void publishListingInput_boundToTheCommand() throws Exception {
        var input = new LinkedHashMap<String, Object>();
        input.put("listingId", "listing-1");
        input.put("stepCode", "headwear.embroidery");
        input.put("unit", "piece");
        input.put("unitPriceFen", 150L);
        input.put("minOrderQuantity", 100L);
        input.put("dailyCapacity", 500L);
        input.put("bookableFrom", december(2));
        input.put("bookableTo", december(31));
        input.put("closedDays", List.of(december(6)));
        input.put("leadTimeDays", 2);
        input.put("province", "山东省");
        input.put("city", "青岛市");
        input.put("requiredMaterials", List.of("帽片", "绣线"));
        input.put("qualityStandard", "GB/T 2912.1");

        assertThat(bind(input, PublishListingCommand.class)).isEqualTo(aPublishListingCommand());
    }

    @Test
    void reserveCapacityInput_boundToTheCommand() throws Exception {
        var input = Map.<String, Object>of(
                "listingId",
                "listing-1",
                "orderId",
                "order-1",
                "quantity",
                700L,
                "from",
                december(1),
                "to",
                december(31));

        assertThat(bind(input, ReserveCapacityCommand.class))
                .isEqualTo(new ReserveCapacityCommand("listing-1", "order-1", 700, december(1), december(31)));
    }

    @Test
    void listingDaysInput_boundToCloseAndReopenCommands() throws Exception {
        var input = Map.<String, Object>of("listingId", "listing-1", "days", List.of(december(10), december(11)));

        assertThat(bind(input, CloseListingDaysCommand.class))
                .isEqualTo(new CloseListingDaysCommand("listing-1", List.of(december(10), december(11))));
        assertThat(bind(input, ReopenListingDaysCommand.class))
                .isEqualTo(new ReopenListingDaysCommand("listing-1", List.of(december(10), december(11))));
    }

    @Test
    void pauseListingInput_withoutReason_bindsNullReason() throws Exception {
        assertThat(bind(Map.of("listingId", "listing-1"), PauseListingCommand.class))
                .isEqualTo(new PauseListingCommand("listing-1", null));
    }
}
