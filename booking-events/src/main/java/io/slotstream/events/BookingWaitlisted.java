package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/**
 * The slot was full, and the request waits in the slot's waitlist, ordered by arrival.
 *
 * @param position 1 for the first in line
 */
public record BookingWaitlisted(UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId, int position)
        implements BookingDecision {

    public BookingWaitlisted {
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
