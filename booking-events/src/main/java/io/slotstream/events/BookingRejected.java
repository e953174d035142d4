package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/**
 * The request did not get a place. A decision, not an error: it carries the reason code and a sentence.
 *
 * @param message the reason in words a person understands
 */
public record BookingRejected(
        UUID eventId,
        Instant occurredAt,
        UUID slotId,
        UUID bookingId,
        UUID userId,
        RejectionReason reason,
        String message)
        implements BookingDecision {

    public BookingRejected {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
        present(reason, "reason");
        if (message == null || message.isBlank()) {
            message = reason.message();
        }
    }
}
