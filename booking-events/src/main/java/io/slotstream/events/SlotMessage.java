package io.slotstream.events;

import java.time.Instant;
import java.util.UUID;

/** What every record on a Slotstream topic carries: its own id, when it happened, and its slot (the key). */
public interface SlotMessage {

    /** Unique id of this record; a redelivered or republished record keeps it, so consumers can drop duplicates. */
    UUID eventId();

    /** When the fact happened, in UTC. */
    Instant occurredAt();

    /** The slot the record is about; it is also the Kafka key, so one slot's records stay in order. */
    UUID slotId();
}
