package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/**
 * The owner of a booking (or an admin) asked to cancel it: a confirmed booking, a held place (release), or a place in
 * the waitlist (leave).
 */
public record BookingCancellationRequested(UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId)
        implements BookingCommand {

    public BookingCancellationRequested {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
    }
}
