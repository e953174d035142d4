package io.slotstream.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Derives event ids from the id of the record that caused them. A decision re-made after a crash gets the
 * same id as the first attempt, so a consumer that saw the first one recognises the second as a duplicate.
 */
public final class EventIds {

    private EventIds() {}

    public static UUID derive(UUID causeId, String what) {
        return UUID.nameUUIDFromBytes((causeId + "/" + what).getBytes(StandardCharsets.UTF_8));
    }
}
