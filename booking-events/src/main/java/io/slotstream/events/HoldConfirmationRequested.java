package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/** The holder of a place asked to turn the hold into a booking before it expires. */
public record HoldConfirmationRequested(UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId)
        implements BookingCommand {

    public HoldConfirmationRequested {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
    }
}
