package io.slotstream.events;

import static io.slotstream.events.Require.present;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * The latest availability of one slot, on the compacted {@code slot-availability} topic: the last record per
 * key is the slot's current state.
 *
 * @param open false once the slot was deleted (then {@code available} is 0)
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public record SlotAvailability(
        UUID eventId,
        Instant occurredAt,
        UUID slotId,
        long categoryId,
        Instant startsAt,
        int capacity,
        int booked,
        int available,
        boolean open)
        implements SlotMessage {

    public SlotAvailability {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(startsAt, "startsAt");
        if (capacity < 1 || booked < 0 || available < 0 || booked + available > capacity) {
            throw new IllegalArgumentException(
                    "inconsistent availability: capacity=" + capacity + " booked=" + booked + " available=" + available);
        }
    }
}
