package io.slotstream.processor.decision;

import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.CancellationReason;
import io.slotstream.events.EventIds;
import io.slotstream.events.HoldConfirmationRequested;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.SlotOpened;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The booking rules of one slot as a pure function: given what is known about the slot and the next command, what
 * is known afterwards and which facts to publish. No Kafka, no clock, no I/O, so a replay decides the same.
 *
 * <p>Every fact takes its {@code eventId} from {@link EventIds#derive} over the command's id and its
 * {@code occurredAt} from the command. Both are properties of the command record on the log, not of the moment it
 * is processed: a decision re-made after a crash or a rebalance is byte for byte the first one, so consumers
 * recognise it by its id. A hold's {@code expiresAt} is the command's time plus the hold duration, for the same
 * reason. The one input that is not on the log, the time a hold is found expired, is a parameter of
 * {@link #expire}: the caller (the processor's wall-clock punctuator) passes it in.
 *
 * <p>Confirmed bookings and held places together never exceed the capacity; the waitlist is served first come,
 * first served, and is only ever non-empty while the slot is full (a freed place goes to its first booking at once).
 */
public final class SlotRules {

    /** The hold duration when none is given: five minutes, as {@code slotstream.processor.hold-duration}. */
    public static final Duration DEFAULT_HOLD_DURATION = Duration.ofMinutes(5);

    private final int rememberedDecisions;
    private final Duration holdDuration;
    private final Waitlist waitlist;

    /**
     * @param rememberedDecisions how many decided booking ids each slot keeps to recognise redelivered requests
     * @param holdDuration how long a held place stays held unless confirmed
     */
    public SlotRules(int rememberedDecisions, Duration holdDuration) {
        if (rememberedDecisions < 1) {
            throw new IllegalArgumentException("rememberedDecisions must be at least 1");
        }
        if (holdDuration.isNegative() || holdDuration.isZero()) {
            throw new IllegalArgumentException("holdDuration must be positive, was " + holdDuration);
        }
        this.rememberedDecisions = rememberedDecisions;
        this.holdDuration = holdDuration;
        this.waitlist = new Waitlist(holdDuration);
    }

    /** With the {@linkplain #DEFAULT_HOLD_DURATION default hold duration}. */
    public SlotRules(int rememberedDecisions) {
        this(rememberedDecisions, DEFAULT_HOLD_DURATION);
    }

    /**
     * The result of one command.
     *
     * @param state the slot afterwards; the same instance as before when nothing changed, null while no slot exists
     * @param emitted the facts to publish, in order; empty for a duplicate or a command that changes nothing
     */
    public record Outcome(@Nullable SlotState state, List<SlotMessage> emitted) {

        public Outcome {
            emitted = List.copyOf(emitted);
        }

        static Outcome nothing(@Nullable SlotState state) {
            return new Outcome(state, List.of());
        }
    }

    public Outcome decide(@Nullable SlotState state, BookingCommand command) {
        if (command instanceof SlotOpened opened) {
            return open(state, opened);
        }
        if (command instanceof BookingRequested requested) {
            return request(state, requested);
        }
        if (command instanceof BookingCancellationRequested cancellation) {
            return cancel(state, cancellation);
        }
        if (command instanceof SlotClosed closed) {
            return close(state, closed);
        }
        if (command instanceof HoldConfirmationRequested confirmation) {
            return confirmHold(state, confirmation);
        }
        throw new IllegalArgumentException("unknown command " + command.getClass().getName());
    }

    /** A slot is opened once; a repeated SlotOpened (a republished outbox row) changes nothing. */
    private Outcome open(@Nullable SlotState state, SlotOpened command) {
        if (state != null && state.known()) {
            return Outcome.nothing(state);
        }
        SlotState opened = SlotState.opened(command, state);
        SlotOpened fact = new SlotOpened(
                EventIds.derive(command.eventId(), "opened"),
                command.occurredAt(),
                command.slotId(),
                command.categoryId(),
                command.startsAt(),
                command.endsAt(),
                command.capacity());
        return new Outcome(opened, List.of(fact, availability(opened, command)));
    }

    /**
     * Every request gets exactly one first decision: confirmed, held, waitlisted or rejected. The duplicate check
     * comes before the slot's own checks: a request confirmed before the slot closed must not be rejected as
     * SLOT_CLOSED when it is redelivered.
     */
    private Outcome request(@Nullable SlotState state, BookingRequested command) {
        if (state != null && state.hasDecided(command.bookingId())) {
            return Outcome.nothing(state);
        }
        if (state == null || !state.known()) {
            // remembered in a placeholder, so a redelivery is not decided again, even after the slot opens
            return rejected(state == null ? SlotState.unknown() : state, command, RejectionReason.SLOT_NOT_FOUND);
        }
        if (!state.open()) {
            return rejected(state, command, RejectionReason.SLOT_CLOSED);
        }
        if (!command.occurredAt().isBefore(state.startsAt())) {
            return rejected(state, command, RejectionReason.SLOT_IN_PAST);
        }
        if (state.full()) {
            return command.waitlist() ? waitlisted(state, command) : rejected(state, command, RejectionReason.SLOT_TAKEN);
        }
        if (command.hold()) {
            return held(state, command);
        }
        SlotState confirmed =
                state.confirming(new SlotState.Holder(command.bookingId(), command.userId()), rememberedDecisions);
        BookingConfirmed fact = new BookingConfirmed(
                EventIds.derive(command.eventId(), "confirmed"),
                command.occurredAt(),
                command.slotId(),
                command.bookingId(),
                command.userId());
        return new Outcome(confirmed, List.of(fact, availability(confirmed, command)));
    }

    private Outcome held(SlotState state, BookingRequested command) {
        SlotState.Hold hold = new SlotState.Hold(
                command.bookingId(), command.userId(), command.occurredAt().plus(holdDuration), false);
        SlotState holding = state.holding(hold, rememberedDecisions);
        BookingHeld fact = new BookingHeld(
                EventIds.derive(command.eventId(), "held"),
                command.occurredAt(),
                command.slotId(),
                command.bookingId(),
                command.userId(),
                hold.expiresAt(),
                false);
        return new Outcome(holding, List.of(fact, availability(holding, command)));
    }

    private Outcome waitlisted(SlotState state, BookingRequested command) {
        SlotState waiting = state.waiting(new SlotState.Waiter(command.bookingId(), command.userId()), rememberedDecisions);
        BookingWaitlisted fact = new BookingWaitlisted(
                EventIds.derive(command.eventId(), "waitlisted"),
                command.occurredAt(),
                command.slotId(),
                command.bookingId(),
                command.userId(),
                waiting.waitlist().size());
        return new Outcome(waiting, List.of(fact, availability(waiting, command)));
    }

    /**
     * A live hold becomes a confirmed booking. A hold whose time is up at the command's time expires now, as the
     * punctuator would have expired it, and the confirmation changes nothing more. Anything else (a confirmed,
     * waiting, unknown or expired booking, a redelivery) is a no-op.
     */
    private Outcome confirmHold(@Nullable SlotState state, HoldConfirmationRequested command) {
        Optional<SlotState.Hold> hold = state == null ? Optional.empty() : state.hold(command.bookingId());
        if (state == null || hold.isEmpty()) {
            return Outcome.nothing(state);
        }
        if (!hold.get().expiresAt().isAfter(command.occurredAt())) {
            return expire(state, command.slotId(), command.bookingId(), command.occurredAt());
        }
        SlotState confirmed = state.confirmingHold(hold.get());
        BookingConfirmed fact = new BookingConfirmed(
                EventIds.derive(command.eventId(), "confirmed"),
                command.occurredAt(),
                command.slotId(),
                command.bookingId(),
                hold.get().userId());
        return new Outcome(confirmed, List.of(fact, availability(confirmed, command)));
    }

    /**
     * Ends a confirmed booking, a held place or a place in the waitlist; a freed place goes to the first in line.
     * For a rejected, expired, unknown or already cancelled booking it is a no-op.
     */
    private Outcome cancel(@Nullable SlotState state, BookingCancellationRequested command) {
        if (state == null) {
            return Outcome.nothing(null);
        }
        Optional<UUID> owner = state.holder(command.bookingId()).map(SlotState.Holder::userId)
                .or(() -> state.hold(command.bookingId()).map(SlotState.Hold::userId))
                .or(() -> state.waiter(command.bookingId()).map(SlotState.Waiter::userId));
        if (owner.isEmpty()) {
            return Outcome.nothing(state);
        }
        List<SlotMessage> facts = new ArrayList<>();
        facts.add(new BookingCancelled(
                EventIds.derive(command.eventId(), "cancelled"),
                command.occurredAt(),
                command.slotId(),
                command.bookingId(),
                owner.get(),
                CancellationReason.REQUESTED));
        Outcome promoted = waitlist.afterRelease(
                state, state.releasing(command.bookingId()), command.slotId(), command.eventId(), command.occurredAt());
        facts.addAll(promoted.emitted());
        facts.add(availability(promoted.state(), command));
        return new Outcome(promoted.state(), facts);
    }

    /**
     * The hold of {@code bookingId} expires if it is still live and its time is up at {@code now}: HoldExpired (at
     * its {@code expiresAt}, with an id derived from the booking and that time, so finding it again makes the same
     * fact), the place offered to the first in line (a hold until {@code now} plus the hold duration), availability.
     * Otherwise (confirmed, cancelled, not yet due, unknown slot) nothing happens.
     */
    public Outcome expire(@Nullable SlotState state, UUID slotId, UUID bookingId, Instant now) {
        Optional<SlotState.Hold> hold = state == null ? Optional.empty() : state.hold(bookingId);
        if (state == null || hold.isEmpty() || hold.get().expiresAt().isAfter(now)) {
            return Outcome.nothing(state);
        }
        Instant expiresAt = hold.get().expiresAt();
        HoldExpired expired = new HoldExpired(
                EventIds.derive(bookingId, "expired/" + expiresAt), expiresAt, slotId, bookingId, hold.get().userId());
        List<SlotMessage> facts = new ArrayList<>();
        facts.add(expired);
        Outcome promoted = waitlist.afterRelease(state, state.releasing(bookingId), slotId, expired.eventId(), now);
        facts.addAll(promoted.emitted());
        facts.add(availability(promoted.state(), slotId, expired.eventId(), now));
        return new Outcome(promoted.state(), facts);
    }

    /**
     * Closing cancels every confirmed booking, held place and waiting booking (in that order), then says the slot is
     * closed; closing again or an unknown slot is a no-op.
     */
    private Outcome close(@Nullable SlotState state, SlotClosed command) {
        if (state == null || !state.open()) {
            return Outcome.nothing(state);
        }
        List<SlotMessage> facts = new ArrayList<>();
        for (SlotState.Holder holder : state.holders()) {
            facts.add(closedOn(command, holder.bookingId(), holder.userId()));
        }
        for (SlotState.Hold hold : state.holds()) {
            facts.add(closedOn(command, hold.bookingId(), hold.userId()));
        }
        for (SlotState.Waiter waiter : state.waitlist()) {
            facts.add(closedOn(command, waiter.bookingId(), waiter.userId()));
        }
        SlotState closed = state.closed();
        facts.add(new SlotClosed(EventIds.derive(command.eventId(), "closed"), command.occurredAt(), command.slotId()));
        facts.add(availability(closed, command));
        return new Outcome(closed, facts);
    }

    private static BookingCancelled closedOn(SlotClosed command, UUID bookingId, UUID userId) {
        return new BookingCancelled(
                EventIds.derive(command.eventId(), "cancelled/" + bookingId),
                command.occurredAt(),
                command.slotId(),
                bookingId,
                userId,
                CancellationReason.SLOT_CLOSED);
    }

    private Outcome rejected(SlotState state, BookingRequested command, RejectionReason reason) {
        return new Outcome(
                state.rejecting(command.bookingId(), rememberedDecisions), List.of(rejection(command, reason)));
    }

    private static BookingRejected rejection(BookingRequested command, RejectionReason reason) {
        return new BookingRejected(
                EventIds.derive(command.eventId(), "rejected"),
                command.occurredAt(),
                command.slotId(),
                command.bookingId(),
                command.userId(),
                reason,
                reason.message());
    }

    private static SlotAvailability availability(SlotState state, BookingCommand cause) {
        return availability(state, cause.slotId(), cause.eventId(), cause.occurredAt());
    }

    private static SlotAvailability availability(SlotState state, UUID slotId, UUID causeId, Instant at) {
        return new SlotAvailability(
                EventIds.derive(causeId, "availability"),
                at,
                slotId,
                state.categoryId(),
                state.startsAt(),
                state.capacity(),
                state.booked(),
                state.available(),
                state.open(),
                state.holds().size(),
                state.waitlist().size());
    }
}
