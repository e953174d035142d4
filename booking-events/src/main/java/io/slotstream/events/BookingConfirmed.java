package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/** The request won a place in the slot. */
public record BookingConfirmed(UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId)
        implements BookingDecision {

    public BookingConfirmed {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
    }
}
