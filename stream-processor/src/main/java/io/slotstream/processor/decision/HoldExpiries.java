package io.slotstream.processor.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * The index of live holds by expiry, in the {@value #STORE} store, so the punctuator finds the holds that are due
 * with one range scan instead of reading every slot. The key sorts by time: the expiry in epoch milliseconds,
 * zero-padded to 13 digits (good until the year 2286), then the slot and the booking
 * ({@code 1795000000000/<slotId>/<bookingId>}); the value is unused. The store is persistent and changelogged
 * like the slot states, and written in the same task, so both move together under exactly-once.
 *
 * <p>The index may keep an entry for a hold that is gone (confirmed, cancelled, its slot closed) only until that
 * hold's time is up: the punctuator then finds nothing to expire and drops the entry.
 */
final class HoldExpiries {

    /** The persistent key-value store of hold expiries. */
    static final String STORE = "hold-expiries";

    private final KeyValueStore<String, String> store;

    HoldExpiries(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** A hold that is due: its slot and booking, and the index key to drop once handled. */
    record Due(String key, UUID slotId, UUID bookingId) {}

    /** Keeps the index in step with one slot's change: holds that went away are dropped, new ones added. */
    void update(UUID slotId, @Nullable SlotState before, @Nullable SlotState after) {
        Set<String> old = keys(slotId, before);
        Set<String> now = keys(slotId, after);
        for (String key : old) {
            if (!now.contains(key)) {
                store.delete(key);
            }
        }
        for (String key : now) {
            if (!old.contains(key)) {
                store.put(key, "");
            }
        }
    }

    /** Every indexed hold whose expiry is at or before {@code now}, earliest first. */
    List<Due> dueAt(Instant now) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = store.range(pad(0), pad(now.toEpochMilli()) + "~")) {
            while (entries.hasNext()) {
                KeyValue<String, String> entry = entries.next();
                String[] parts = entry.key.split("/");
                due.add(new Due(entry.key, UUID.fromString(parts[1]), UUID.fromString(parts[2])));
            }
        }
        return due;
    }

    void drop(Due due) {
        store.delete(due.key());
    }

    static String key(Instant expiresAt, UUID slotId, UUID bookingId) {
        return pad(expiresAt.toEpochMilli()) + "/" + slotId + "/" + bookingId;
    }

    private static Set<String> keys(UUID slotId, @Nullable SlotState state) {
        Set<String> keys = new HashSet<>();
        if (state != null) {
            for (SlotState.Hold hold : state.holds()) {
                keys.add(key(hold.expiresAt(), slotId, hold.bookingId()));
            }
        }
        return keys;
    }

    private static String pad(long millis) {
        return String.format("%013d", millis);
    }
}
