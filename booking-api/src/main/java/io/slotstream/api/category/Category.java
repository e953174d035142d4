package io.slotstream.api.category;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A kind of slot, with the colour the calendar paints it in.
 *
 * @param dailyLimitPerUser the most active bookings one user may hold in this category per day; null for no limit
 */
@Table("categories")
public record Category(@Id @Nullable Long id, String name, String color, Instant createdAt, @Nullable Integer dailyLimitPerUser) {

    Category withChanges(String newName, String newColor) {
        return new Category(id, newName, newColor, createdAt, dailyLimitPerUser);
    }

    Category withDailyLimit(@Nullable Integer limit) {
        return new Category(id, name, color, createdAt, limit);
    }
}
