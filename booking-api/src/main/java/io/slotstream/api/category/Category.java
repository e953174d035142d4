package io.slotstream.api.category;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A kind of slot, with the colour the calendar paints it in. */
@Table("categories")
public record Category(@Id @Nullable Long id, String name, String color, Instant createdAt) {

    Category withChanges(String newName, String newColor) {
        return new Category(id, newName, newColor, createdAt);
    }
}
