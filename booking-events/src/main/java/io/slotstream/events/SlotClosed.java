package io.slotstream.events;

import static io.slotstream.events.Require.present;

import java.time.Instant;
import java.util.UUID;

/** A slot was deleted by an admin: no new bookings; its confirmed bookings are cancelled. */
public record SlotClosed(UUID eventId, Instant occurredAt, UUID slotId) implements BookingCommand, BookingEvent {

    public SlotClosed {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
    }
}
