package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/**
 * A slot was created and is open for booking. Sent by booking-api as a command and repeated by the stream
 * processor on {@code booking-events} once the slot's state exists.
 *
 * @param capacity how many bookings the slot holds; 1 unless the admin said otherwise
 */
public record SlotOpened(
        UUID eventId, Instant occurredAt, UUID slotId, long categoryId, Instant startsAt, Instant endsAt, int capacity)
        implements BookingCommand, BookingEvent {

    public SlotOpened {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(startsAt, "startsAt");
        present(endsAt, "endsAt");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("endsAt must be after startsAt");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
    }
}
