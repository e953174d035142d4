package io.slotstream.processor.decision;

import io.slotstream.events.SlotOpened;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * What the processor knows about one slot, kept in the {@value SlotDecisionProcessor#SLOT_STATE_STORE} store under
 * the slot id. Stored in the binary layout of {@link SlotStateSerde} (JSON before it, still read): a new field
 * needs a new layout version there. {@code holds} and {@code waitlist} were added later and read as empty from a
 * JSON state stored before them.
 *
 * @param holders the confirmed bookings, in the order they were confirmed
 * @param decided the most recent booking ids that got a first decision (confirmed, held, waitlisted or rejected),
 *     oldest first, bounded; a redelivered request for one of them is recognised as a duplicate and decided no
 *     second time
 * @param holds the held places, in the order they were held; holders and holds together never exceed
 *     {@code capacity}
 * @param waitlist the waiting bookings, first in line first; only ever non-empty while the slot is full
 */
public record SlotState(
        long categoryId,
        Instant startsAt,
        Instant endsAt,
        int capacity,
        boolean open,
        List<Holder> holders,
        List<UUID> decided,
        List<Hold> holds,
        List<Waiter> waitlist) {

    /** A confirmed booking and its owner. */
    public record Holder(UUID bookingId, UUID userId) {}

    /**
     * A held place.
     *
     * @param offered true when it was offered to the first in the waitlist
     */
    public record Hold(UUID bookingId, UUID userId, Instant expiresAt, boolean offered) {}

    /** A booking in the waitlist. */
    public record Waiter(UUID bookingId, UUID userId) {}

    public SlotState {
        holders = List.copyOf(holders);
        decided = List.copyOf(decided);
        holds = holds == null ? List.of() : List.copyOf(holds);
        waitlist = waitlist == null ? List.of() : List.copyOf(waitlist);
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
                before == null ? List.of() : before.decided(),
                List.of(),
                List.of());
    }

    /**
     * A slot heard of only through requests, before (or without) its SlotOpened. It exists to remember the requests
     * rejected as SLOT_NOT_FOUND: without it, such a request redelivered after the slot opened would be decided
     * again, confirmed this time, and hold a place for a booking booking-api already marked rejected. Capacity 0
     * marks it; an opened slot always has at least one place.
     */
    static SlotState unknown() {
        return new SlotState(0, Instant.EPOCH, Instant.EPOCH, 0, false, List.of(), List.of(), List.of(), List.of());
    }

    /** False for the placeholder of {@link #unknown()}. */
    boolean known() {
        return capacity > 0;
    }

    public static Serde<SlotState> serde() {
        return new SlotStateSerde();
    }

    Optional<Holder> holder(UUID bookingId) {
        return holders.stream().filter(h -> h.bookingId().equals(bookingId)).findFirst();
    }

    Optional<Hold> hold(UUID bookingId) {
        return holds.stream().filter(h -> h.bookingId().equals(bookingId)).findFirst();
    }

    Optional<Waiter> waiter(UUID bookingId) {
        return waitlist.stream().filter(w -> w.bookingId().equals(bookingId)).findFirst();
    }

    /** 1 for the first in line, 0 when the booking does not wait. */
    int position(UUID bookingId) {
        for (int i = 0; i < waitlist.size(); i++) {
            if (waitlist.get(i).bookingId().equals(bookingId)) {
                return i + 1;
            }
        }
        return 0;
    }

    boolean hasDecided(UUID bookingId) {
        return holder(bookingId).isPresent()
                || hold(bookingId).isPresent()
                || waiter(bookingId).isPresent()
                || decided.contains(bookingId);
    }

    boolean full() {
        return booked() >= capacity;
    }

    /** Places taken: confirmed bookings and held places. */
    int booked() {
        return holders.size() + holds.size();
    }

    int available() {
        return open ? capacity - booked() : 0;
    }

    SlotState confirming(Holder holder, int remember) {
        return new SlotState(categoryId, startsAt, endsAt, capacity, open, plus(holders, holder),
                remembered(holder.bookingId(), remember), holds, waitlist);
    }

    SlotState holding(Hold hold, int remember) {
        return new SlotState(categoryId, startsAt, endsAt, capacity, open, holders,
                remembered(hold.bookingId(), remember), plus(holds, hold), waitlist);
    }

    SlotState waiting(Waiter waiter, int remember) {
        return new SlotState(categoryId, startsAt, endsAt, capacity, open, holders,
                remembered(waiter.bookingId(), remember), holds, plus(waitlist, waiter));
    }

    SlotState rejecting(UUID bookingId, int remember) {
        return new SlotState(categoryId, startsAt, endsAt, capacity, open, holders, remembered(bookingId, remember),
                holds, waitlist);
    }

    /** Turns a hold into a confirmed booking; it keeps its place. */
    SlotState confirmingHold(Hold hold) {
        return new SlotState(categoryId, startsAt, endsAt, capacity, open,
                plus(holders, new Holder(hold.bookingId(), hold.userId())), decided,
                minus(holds, h -> h.bookingId().equals(hold.bookingId())), waitlist);
    }

    /** Offers a place to the first in the waitlist: it leaves the waitlist and holds the place. */
    SlotState offeringToFirst(Hold hold) {
        return new SlotState(categoryId, startsAt, endsAt, capacity, open, holders, decided, plus(holds, hold),
                waitlist.subList(1, waitlist.size()));
    }

    /** Removes the booking wherever it is: confirmed, held or waiting. */
    SlotState releasing(UUID bookingId) {
        return new SlotState(categoryId, startsAt, endsAt, capacity, open,
                minus(holders, h -> h.bookingId().equals(bookingId)), decided,
                minus(holds, h -> h.bookingId().equals(bookingId)),
                minus(waitlist, w -> w.bookingId().equals(bookingId)));
    }

    SlotState closed() {
        return new SlotState(categoryId, startsAt, endsAt, capacity, false, List.of(), decided, List.of(), List.of());
    }

    private List<UUID> remembered(UUID bookingId, int limit) {
        List<UUID> more = new ArrayList<>(decided);
        more.add(bookingId);
        int excess = more.size() - limit;
        return excess > 0 ? more.subList(excess, more.size()) : more;
    }

    private static <T> List<T> plus(List<T> list, T element) {
        List<T> more = new ArrayList<>(list);
        more.add(element);
        return more;
    }

    private static <T> List<T> minus(List<T> list, Predicate<T> removed) {
        return list.stream().filter(removed.negate()).toList();
    }
}
