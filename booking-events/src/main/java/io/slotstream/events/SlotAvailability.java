package io.slotstream.events;

import static io.slotstream.events.Require.present;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.UUID;

/**
 * The latest availability of one slot, on the compacted {@code slot-availability} topic: the last record per
 * key is the slot's current state.
 *
 * @param booked the places taken: confirmed bookings and held places
 * @param open false once the slot was deleted (then {@code available} is 0)
 * @param held how many of the {@code booked} places are held, not yet confirmed (added later: absent reads as 0)
 * @param waiting how many requests wait in the slot's waitlist (added later: absent reads as 0)
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
        boolean open,
        @JsonSetter(nulls = Nulls.AS_EMPTY) int held,
        @JsonSetter(nulls = Nulls.AS_EMPTY) int waiting)
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
        if (held < 0 || held > booked || waiting < 0) {
            throw new IllegalArgumentException(
                    "inconsistent availability: booked=" + booked + " held=" + held + " waiting=" + waiting);
        }
    }

    /** Availability of a slot without holds or a waitlist. */
    public SlotAvailability(
            UUID eventId,
            Instant occurredAt,
            UUID slotId,
            long categoryId,
            Instant startsAt,
            int capacity,
            int booked,
            int available,
            boolean open) {
        this(eventId, occurredAt, slotId, categoryId, startsAt, capacity, booked, available, open, 0, 0);
    }
}
