package io.slotstream.processor.limit;

import io.slotstream.events.JsonSerde;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the user stage knows about one user's limited bookings, kept in the {@value UserLimitProcessor#STORE} store
 * under the user id. Stored as JSON.
 *
 * @param active the limited bookings admitted to the slot stage and not ended since: pending, held, confirmed or
 *     waiting; those of days long past are dropped at the user's next request, so the list stays short
 * @param settled the most recent limited booking ids that were rejected here or ended, oldest first, bounded; a
 *     redelivered request for one of them is not admitted again (it would take a quota nothing ever frees)
 */
public record UserQuota(List<Active> active, List<UUID> settled) {

    /** A limited booking that counts against the user's quota of its category and day. */
    public record Active(UUID bookingId, long categoryId, LocalDate day) {}

    public UserQuota {
        active = List.copyOf(active);
        settled = List.copyOf(settled);
    }

    static UserQuota empty() {
        return new UserQuota(List.of(), List.of());
    }

    public static Serde<UserQuota> serde() {
        return new JsonSerde<>(UserQuota.class);
    }

    boolean isActive(UUID bookingId) {
        return active.stream().anyMatch(a -> a.bookingId().equals(bookingId));
    }

    boolean isSettled(UUID bookingId) {
        return settled.contains(bookingId);
    }

    long count(long categoryId, LocalDate day) {
        return active.stream().filter(a -> a.categoryId() == categoryId && a.day().equals(day)).count();
    }

    /** Without the active bookings of days before {@code day}; the same instance when there are none. */
    UserQuota forgettingDaysBefore(LocalDate day) {
        if (active.stream().noneMatch(a -> a.day().isBefore(day))) {
            return this;
        }
        return new UserQuota(active.stream().filter(a -> !a.day().isBefore(day)).toList(), settled);
    }

    UserQuota admitting(Active booking) {
        List<Active> more = new ArrayList<>(active);
        more.add(booking);
        return new UserQuota(more, settled);
    }

    UserQuota settling(UUID bookingId, int remember) {
        List<Active> fewer = active.stream().filter(a -> !a.bookingId().equals(bookingId)).toList();
        List<UUID> more = new ArrayList<>(settled);
        more.add(bookingId);
        int excess = more.size() - remember;
        return new UserQuota(fewer, excess > 0 ? more.subList(excess, more.size()) : more);
    }
}
