package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/**
 * A place is held for the booking until {@code expiresAt}: it counts as taken, and becomes a booking when the
 * holder confirms it in time ({@link BookingConfirmed}) or frees itself when they do not ({@link HoldExpired}).
 *
 * @param offered true when the place was offered to the first in the waitlist rather than asked for directly
 */
public record BookingHeld(
        UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId, Instant expiresAt, boolean offered)
        implements BookingDecision {

    public BookingHeld {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
        present(expiresAt, "expiresAt");
    }
}
