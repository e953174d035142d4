package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/** A hold was not confirmed in time; its place is free again (and offered to the first in the waitlist, if any). */
public record HoldExpired(UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId)
        implements BookingDecision {

    public HoldExpired {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
    }
}
