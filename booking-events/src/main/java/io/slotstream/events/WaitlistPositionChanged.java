package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/**
 * A waiting booking moved up the slot's waitlist because someone ahead of it left it or was offered a place.
 *
 * @param position 1 for the first in line
 */
public record WaitlistPositionChanged(UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId, int position)
        implements BookingDecision {

    public WaitlistPositionChanged {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
        if (position < 1) {
            throw new IllegalArgumentException("position must be at least 1, was " + position);
        }
    }
}
