package io.slotstream.processor.decision;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.SlotMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the ordered commands of each slot into its {@link SlotState} and forwards the facts {@link SlotRules}
 * decide, keyed by slot id. Under exactly-once the store write, the forwarded records and the input offset are
 * committed in one transaction, so a crash re-makes a decision rather than losing or doubling it.
 *
 * <p>Held places expire on the processor's own clock: a {@link PunctuationType#WALL_CLOCK_TIME} punctuator runs every
 * {@code expiryCheckInterval}, finds the due holds in the {@link HoldExpiries} index and lets
 * {@link SlotRules#expire} decide each one. What it writes and forwards is part of the task's exactly-once
 * transaction, exactly like the work of {@link #process}.
 *
 * <p>Exceptions are not caught here: a fenced producer or a migrated task must reach Kafka Streams, which aborts
 * the transaction and retries the records elsewhere.
 */
public final class SlotDecisionProcessor implements Processor<String, BookingCommand, String, SlotMessage> {

    /** The persistent key-value store of slot states, keyed by slot id. */
    public static final String SLOT_STATE_STORE = "slot-state";

    private static final Logger log = LoggerFactory.getLogger(SlotDecisionProcessor.class);

    /** The persistent key-value store of hold expiries (see {@link HoldExpiries}). */
    public static final String HOLD_EXPIRY_STORE = HoldExpiries.STORE;

    private final SlotRules rules;
    private final DecisionMetrics metrics;
    private final Duration expiryCheckInterval;
    private ProcessorContext<String, SlotMessage> context;
    private KeyValueStore<String, SlotState> slots;
    private HoldExpiries expiries;

    /** @param expiryCheckInterval how often the wall-clock punctuator looks for expired holds */
    public SlotDecisionProcessor(SlotRules rules, DecisionMetrics metrics, Duration expiryCheckInterval) {
        this.rules = rules;
        this.metrics = metrics;
        this.expiryCheckInterval = expiryCheckInterval;
    }

    @Override
    public void init(ProcessorContext<String, SlotMessage> context) {
        this.context = context;
        this.slots = context.getStateStore(SLOT_STATE_STORE);
        this.expiries = new HoldExpiries(context.getStateStore(HOLD_EXPIRY_STORE));
        // wall-clock time: a hold must expire even when no command arrives on the partition to move stream time
        context.schedule(expiryCheckInterval, PunctuationType.WALL_CLOCK_TIME, now -> expireHolds(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, BookingCommand> record) {
        BookingCommand command = record.value();
        if (command == null) {
            log.warn("Ignoring a record without value on booking-commands (key {})", record.key());
            return;
        }
        String slot = command.slotId().toString();
        if (!slot.equals(record.key())) {
            // the state is still keyed by the slot id; a wrong key only means the producer partitioned badly
            log.warn("Command {} for slot {} arrived with key {}", command.eventId(), slot, record.key());
        }
        SlotState before = slots.get(slot);
        SlotRules.Outcome outcome = rules.decide(before, command);
        if (outcome.emitted().isEmpty()) {
            log.debug("{} {} for slot {} changed nothing (duplicate or no-op)",
                    command.getClass().getSimpleName(), command.eventId(), slot);
        }
        apply(command.slotId(), before, outcome, record);
    }

    /** Expires every hold that is due at {@code now}, earliest first, each with its promotion and availability. */
    void expireHolds(Instant now) {
        for (HoldExpiries.Due due : expiries.dueAt(now)) {
            expiries.drop(due);
            SlotState before = slots.get(due.slotId().toString());
            SlotRules.Outcome outcome = rules.expire(before, due.slotId(), due.bookingId(), now);
            apply(due.slotId(), before, outcome, new Record<>(due.slotId().toString(), due, now.toEpochMilli()));
        }
    }

    /** Stores the slot's new state, keeps the expiry index in step and forwards the facts like {@code cause}. */
    private void apply(UUID slotId, @Nullable SlotState before, SlotRules.Outcome outcome, Record<String, ?> cause) {
        String slot = slotId.toString();
        if (outcome.state() != null && outcome.state() != before) {
            slots.put(slot, outcome.state());
            expiries.update(slotId, before, outcome.state());
        }
        for (SlotMessage fact : outcome.emitted()) {
            context.forward(cause.withKey(slot).withValue(fact));
            if (fact instanceof BookingDecision decision) {
                metrics.count(decision);
            }
        }
    }
}
