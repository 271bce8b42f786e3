package com.sharefab.command.listing;

import static com.sharefab.command.listing.ListingTestData.aPublishListingCommand;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shape checks on the commands name the GraphQL input fields, so clients see {@code input.<field>}. */
class ListingCommandsTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    private static List<String> violatedFields(Object command) {
        return validator.validate(command).stream()
                .map(v -> v.getPropertyPath().toString())
                .sorted()
                .toList();
    }

    private static PublishListingCommand publishing(UnaryOperator<List<Object>> change) {
        var c = aPublishListingCommand();
        var values = new ArrayList<Object>(List.of(
                c.listingId(),
                c.stepCode(),
                c.unit(),
                c.unitPriceFen(),
                c.minOrderQuantity(),
                c.dailyCapacity(),
                c.bookableFrom(),
                c.bookableTo(),
                c.closedDays(),
                c.leadTimeDays(),
                c.province(),
                c.city(),
                c.requiredMaterials(),
                c.qualityStandard()));
        var v = change.apply(values);
        @SuppressWarnings("unchecked")
        var command = new PublishListingCommand(
                (String) v.get(0),
                (String) v.get(1),
                (String) v.get(2),
                (long) v.get(3),
                (long) v.get(4),
                (long) v.get(5),
                (LocalDate) v.get(6),
                (LocalDate) v.get(7),
                (List<LocalDate>) v.get(8),
                (int) v.get(9),
                (String) v.get(10),
                (String) v.get(11),
                (List<String>) v.get(12),
                (String) v.get(13));
        return command;
    }

    private static UnaryOperator<List<Object>> set(int index, Object value) {
        return values -> {
            values.set(index, value);
            return values;
        };
    }

    @Test
    void publishListing_wellFormed_hasNoViolations() {
        assertThat(violatedFields(aPublishListingCommand())).isEmpty();
    }

    @Test
    void publishListing_nullListsForDefaults_haveNoViolations() {
        assertThat(violatedFields(publishing(values -> {
                    values.set(8, null);
                    values.set(12, null);
                    return values;
                })))
                .isEmpty();
    }

    @Test
    void publishListing_listingIdWithColon_isViolationOnListingId() {
        // ids are joined with ':' into reservation and allocation ids
        assertThat(violatedFields(publishing(set(0, "listing:1")))).containsExactly("listingId");
    }

    @Test
    void publishListing_blankStepCode_isViolationOnStepCode() {
        assertThat(violatedFields(publishing(set(1, " ")))).containsExactly("stepCode");
    }

    @Test
    void publishListing_zeroOrNegativeNumbers_areViolationsOnTheirFields() {
        assertThat(violatedFields(publishing(set(3, 0L)))).containsExactly("unitPriceFen");
        assertThat(violatedFields(publishing(set(4, -5L)))).containsExactly("minOrderQuantity");
        assertThat(violatedFields(publishing(set(5, 0L)))).containsExactly("dailyCapacity");
        assertThat(violatedFields(publishing(set(9, -1)))).containsExactly("leadTimeDays");
    }

    @Test
    void publishListing_missingDates_areViolationsOnTheirFields() {
        assertThat(violatedFields(publishing(values -> {
                    values.set(6, null);
                    values.set(7, null);
                    return values;
                })))
                .containsExactly("bookableFrom", "bookableTo");
    }

    @Test
    void publishListing_blankLocationAndStandard_areViolationsOnTheirFields() {
        assertThat(violatedFields(publishing(values -> {
                    values.set(10, "");
                    values.set(11, "");
                    values.set(13, "");
                    return values;
                })))
                .containsExactly("city", "province", "qualityStandard");
    }

    @Test
    void reserveCapacity_badShape_isViolationsOnTheirFields() {
        assertThat(violatedFields(new ReserveCapacityCommand("listing-1", "", 0, null, null)))
                .containsExactly("from", "orderId", "orderId", "quantity", "to");
    }

    @Test
    void changeListingPrice_zero_isViolationOnUnitPriceFen() {
        assertThat(violatedFields(new ChangeListingPriceCommand("listing-1", 0)))
                .containsExactly("unitPriceFen");
    }

    @Test
    void pauseListing_reasonTooLong_isViolationOnReason() {
        assertThat(violatedFields(new PauseListingCommand("listing-1", "x".repeat(501))))
                .containsExactly("reason");
    }
}
