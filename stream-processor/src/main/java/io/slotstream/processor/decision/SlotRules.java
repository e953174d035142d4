package io.slotstream.processor.decision;

import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.CancellationReason;
import io.slotstream.events.EventIds;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.SlotOpened;
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
 * recognise it by its id.
 */
public final class SlotRules {

    private final int rememberedDecisions;

    /** @param rememberedDecisions how many decided booking ids each slot keeps to recognise redelivered requests */
    public SlotRules(int rememberedDecisions) {
        if (rememberedDecisions < 1) {
            throw new IllegalArgumentException("rememberedDecisions must be at least 1");
        }
        this.rememberedDecisions = rememberedDecisions;
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
     * Every request gets exactly one decision. The duplicate check comes before the slot's own checks: a request
     * confirmed before the slot closed must not be rejected as SLOT_CLOSED when it is redelivered.
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
            return rejected(state, command, RejectionReason.SLOT_TAKEN);
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

    /** Only a confirmed booking can be cancelled; for a rejected, unknown or already cancelled one it is a no-op. */
    private Outcome cancel(@Nullable SlotState state, BookingCancellationRequested command) {
        Optional<SlotState.Holder> holder =
                state == null ? Optional.empty() : state.holder(command.bookingId());
        if (state == null || holder.isEmpty()) {
            return Outcome.nothing(state);
        }
        SlotState released = state.releasing(command.bookingId());
        BookingCancelled fact = new BookingCancelled(
                EventIds.derive(command.eventId(), "cancelled"),
                command.occurredAt(),
                command.slotId(),
                command.bookingId(),
                holder.get().userId(),
                CancellationReason.REQUESTED);
        return new Outcome(released, List.of(fact, availability(released, command)));
    }

    /** Closing cancels every holder, then says the slot is closed; closing again or an unknown slot is a no-op. */
    private Outcome close(@Nullable SlotState state, SlotClosed command) {
        if (state == null || !state.open()) {
            return Outcome.nothing(state);
        }
        List<SlotMessage> facts = new ArrayList<>();
        for (SlotState.Holder holder : state.holders()) {
            facts.add(new BookingCancelled(
                    EventIds.derive(command.eventId(), "cancelled/" + holder.bookingId()),
                    command.occurredAt(),
                    command.slotId(),
                    holder.bookingId(),
                    holder.userId(),
                    CancellationReason.SLOT_CLOSED));
        }
        SlotState closed = state.closed();
        facts.add(new SlotClosed(EventIds.derive(command.eventId(), "closed"), command.occurredAt(), command.slotId()));
        facts.add(availability(closed, command));
        return new Outcome(closed, facts);
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
        UUID slotId = cause.slotId();
        return new SlotAvailability(
                EventIds.derive(cause.eventId(), "availability"),
                cause.occurredAt(),
                slotId,
                state.categoryId(),
                state.startsAt(),
                state.capacity(),
                state.booked(),
                state.available(),
                state.open());
    }
}
