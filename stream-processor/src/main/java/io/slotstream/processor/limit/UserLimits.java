package io.slotstream.processor.limit;

import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.EventIds;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotMessage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The per-user limit as a pure function of one user's {@link UserQuota}: admit a limited request (forward it to
 * the slot stage) or reject it with {@code USER_LIMIT}, and free a quota when the slot stage ends a booking. A
 * request counts from its admission, while the slot stage has not decided it yet, so two requests made at once
 * cannot both slip under the limit.
 */
public final class UserLimits {

    private final int rememberedDecisions;

    /** @param rememberedDecisions how many settled booking ids each user keeps to recognise redelivered requests */
    public UserLimits(int rememberedDecisions) {
        if (rememberedDecisions < 1) {
            throw new IllegalArgumentException("rememberedDecisions must be at least 1");
        }
        this.rememberedDecisions = rememberedDecisions;
    }

    /**
     * @param quota the user's quota afterwards; the same instance when nothing changed
     * @param emitted the admitted request (for the slot stage) or its USER_LIMIT rejection; empty for a redelivered
     *     request that was settled already
     */
    public record Outcome(UserQuota quota, Optional<SlotMessage> emitted) {}

    public Outcome admit(@Nullable UserQuota before, BookingRequested request) {
        UserQuota quota = before == null ? UserQuota.empty() : before.forgettingDaysBefore(oldestBookableDay(request));
        if (!request.limited()) {
            throw new IllegalArgumentException("request " + request.bookingId() + " has no per-user limit");
        }
        if (quota.isActive(request.bookingId())) {
            // a redelivery of an admitted request: the slot stage recognises it, so forwarding it again is harmless
            return new Outcome(quota, Optional.of(request));
        }
        if (quota.isSettled(request.bookingId())) {
            return new Outcome(quota, Optional.empty());
        }
        if (quota.count(request.categoryId(), request.day()) >= request.dailyLimit()) {
            BookingRejected rejected = new BookingRejected(
                    EventIds.derive(request.eventId(), "rejected"),
                    request.occurredAt(),
                    request.slotId(),
                    request.bookingId(),
                    request.userId(),
                    RejectionReason.USER_LIMIT,
                    RejectionReason.USER_LIMIT.message());
            return new Outcome(quota.settling(request.bookingId(), rememberedDecisions), Optional.of(rejected));
        }
        UserQuota admitted = quota.admitting(
                new UserQuota.Active(request.bookingId(), request.categoryId(), request.day()));
        return new Outcome(admitted, Optional.of(request));
    }

    /**
     * A decision of the slot stage about one of the user's bookings: a rejection, a cancellation or an expired hold
     * frees its quota. Any other decision, or one about a booking without a limit, changes nothing.
     */
    public UserQuota release(@Nullable UserQuota before, BookingDecision decision) {
        UserQuota quota = before == null ? UserQuota.empty() : before;
        if (!ends(decision) || !quota.isActive(decision.bookingId())) {
            return quota;
        }
        return quota.settling(decision.bookingId(), rememberedDecisions);
    }

    /**
     * Bookings of days before this can no longer change (their slots have started: any request for them is
     * rejected as SLOT_IN_PAST), so they need not be counted. Two days before the request's UTC date leaves room
     * for any service time zone.
     */
    private static LocalDate oldestBookableDay(BookingRequested request) {
        return LocalDate.ofInstant(request.occurredAt(), ZoneOffset.UTC).minusDays(2);
    }

    /** True for the decisions after which a booking is no longer active. */
    public static boolean ends(SlotMessage fact) {
        return fact instanceof BookingRejected || fact instanceof BookingCancelled || fact instanceof HoldExpired;
    }
}
