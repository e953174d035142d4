package io.slotstream.processor.decision;

import io.slotstream.events.JsonSerde;
import io.slotstream.events.SlotOpened;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * What the processor knows about one slot, kept in the {@value SlotDecisionProcessor#SLOT_STATE_STORE} store under
 * the slot id. Stored as JSON: add fields only with care, a stored state without them no longer reads.
 *
 * @param holders the confirmed bookings, in the order they were confirmed; never more than {@code capacity}
 * @param decided the most recent booking ids that got a decision (confirmed or rejected), oldest first, bounded;
 *     a redelivered request for one of them is recognised as a duplicate and decided no second time
 */
public record SlotState(
        long categoryId,
        Instant startsAt,
        Instant endsAt,
        int capacity,
        boolean open,
        List<Holder> holders,
        List<UUID> decided) {

    /** A confirmed booking and its owner. */
    public record Holder(UUID bookingId, UUID userId) {}

    public SlotState {
        holders = List.copyOf(holders);
        decided = List.copyOf(decided);
    }

    /**
     * Opens the slot; {@code before} is the placeholder of {@link #unknown()} when requests came first, whose
     * decided ids are kept so that those requests are not decided a second time.
     */
    static SlotState opened(SlotOpened command, @Nullable SlotState before) {
        return new SlotState(
                command.categoryId(),
                command.startsAt(),
                command.endsAt(),
                command.capacity(),
                true,
                List.of(),
                before == null ? List.of() : before.decided());
    }

    /**
     * A slot heard of only through requests, before (or without) its SlotOpened. It exists to remember the requests
     * rejected as SLOT_NOT_FOUND: without it, such a request redelivered after the slot opened would be decided
     * again, confirmed this time, and hold a place for a booking booking-api already marked rejected. Capacity 0
     * marks it; an opened slot always has at least one place.
     */
    static SlotState unknown() {
        return new SlotState(0, Instant.EPOCH, Instant.EPOCH, 0, false, List.of(), List.of());
    }

    /** False for the placeholder of {@link #unknown()}. */
    boolean known() {
        return capacity > 0;
    }

    public static Serde<SlotState> serde() {
        return new JsonSerde<>(SlotState.class);
    }

    Optional<Holder> holder(UUID bookingId) {
        return holders.stream().filter(h -> h.bookingId().equals(bookingId)).findFirst();
    }

    boolean hasDecided(UUID bookingId) {
        return holder(bookingId).isPresent() || decided.contains(bookingId);
    }

    boolean full() {
        return holders.size() >= capacity;
    }

    int booked() {
        return holders.size();
    }

    int available() {
        return open ? capacity - holders.size() : 0;
    }

    SlotState confirming(Holder holder, int remember) {
        List<Holder> more = new ArrayList<>(holders);
        more.add(holder);
        return new SlotState(categoryId, startsAt, endsAt, capacity, open, more, remembered(holder.bookingId(), remember));
    }

    SlotState rejecting(UUID bookingId, int remember) {
        return new SlotState(categoryId, startsAt, endsAt, capacity, open, holders, remembered(bookingId, remember));
    }

    SlotState releasing(UUID bookingId) {
        List<Holder> fewer = holders.stream().filter(h -> !h.bookingId().equals(bookingId)).toList();
        return new SlotState(categoryId, startsAt, endsAt, capacity, open, fewer, decided);
    }

    SlotState closed() {
        return new SlotState(categoryId, startsAt, endsAt, capacity, false, List.of(), decided);
    }

    private List<UUID> remembered(UUID bookingId, int limit) {
        List<UUID> more = new ArrayList<>(decided);
        more.add(bookingId);
        int excess = more.size() - limit;
        return excess > 0 ? more.subList(excess, more.size()) : more;
    }
}
