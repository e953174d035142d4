package io.slotstream.push.frame;

import java.util.UUID;

/**
 * One frame to relay, before it has a sequence number: its type and its {@code data} object already serialized
 * to JSON (built once per event, whatever the number of clients).
 */
public sealed interface Outgoing {

    /** Unique per frame: the event id plus the frame type (one event can give a broadcast and a private frame). */
    String dedupeKey();

    String type();

    /** The {@code data} object as JSON. */
    String data();

    /** For everyone, in the sequenced, resumable broadcast stream. Never names a person. */
    record Broadcast(UUID eventId, String type, String data) implements Outgoing {
        @Override
        public String dedupeKey() {
            return eventId + ":" + type;
        }
    }

    /** For every connection of one user only; not part of the broadcast sequence. */
    record Private(UUID eventId, UUID userId, String type, String data) implements Outgoing {
        @Override
        public String dedupeKey() {
            return eventId + ":" + type;
        }

        /** The complete frame; private frames carry no {@code seq}. */
        public String frame() {
            return "{\"type\":\"" + type + "\",\"data\":" + data + "}";
        }
    }
}
