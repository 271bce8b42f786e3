package com.sharefab.events.listing;

import com.sharefab.events.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A factory offered capacity for one production step.
 *
 * @param listingId         client-supplied id of the listing
 * @param factoryFirmId     the factory firm that owns it
 * @param stepCode          the step from the taxonomy, e.g. {@code headwear.embroidery}
 * @param unit              unit of measure, e.g. {@code piece}
 * @param unitPrice         price per unit
 * @param minOrderQuantity  the fewest units one order may book
 * @param dailyCapacity     units the factory can produce per day
 * @param bookableFrom      first bookable day
 * @param bookableTo        last bookable day (inclusive)
 * @param closedDays        days inside the range that are not bookable
 * @param leadTimeDays      days the factory needs between booking and the first production day
 * @param province          where the factory is
 * @param city              where the factory is
 * @param requiredMaterials what the buyer must supply (来料)
 * @param qualityStandard   the standard the work meets
 * @param publishedAt       business time of publication
 */
@Revision("1")
public record ListingPublishedEvent(
        String listingId,
        String factoryFirmId,
        String stepCode,
        String unit,
        Money unitPrice,
        long minOrderQuantity,
        long dailyCapacity,
        LocalDate bookableFrom,
        LocalDate bookableTo,
        List<LocalDate> closedDays,
        int leadTimeDays,
        String province,
        String city,
        List<String> requiredMaterials,
        String qualityStandard,
        Instant publishedAt)
        implements ListingEvent {}
