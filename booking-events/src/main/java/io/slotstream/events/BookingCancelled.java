package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/**
 * A confirmed or held booking ended and its place is free again, or a waiting booking left the waitlist.
 */
public record BookingCancelled(
        UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId, CancellationReason reason)
        implements BookingDecision {

    public BookingCancelled {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
        present(reason, "reason");
    }
}
