package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/** A user asked for a place in a slot; the booking row exists in PENDING state. */
public record BookingRequested(UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId)
        implements BookingCommand {

    public BookingRequested {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
    }
}
