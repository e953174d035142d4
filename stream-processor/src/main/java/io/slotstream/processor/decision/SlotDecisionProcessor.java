package io.slotstream.processor.decision;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.SlotMessage;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the ordered commands of each slot into its {@link SlotState} and forwards the facts {@link SlotRules}
 * decide, keyed by slot id. Under exactly-once the store write, the forwarded records and the input offset are
 * committed in one transaction, so a crash re-makes a decision rather than losing or doubling it.
 *
 * <p>Exceptions are not caught here: a fenced producer or a migrated task must reach Kafka Streams, which aborts
 * the transaction and retries the records elsewhere.
 */
public final class SlotDecisionProcessor implements Processor<String, BookingCommand, String, SlotMessage> {

    /** The persistent key-value store of slot states, keyed by slot id. */
    public static final String SLOT_STATE_STORE = "slot-state";

    private static final Logger log = LoggerFactory.getLogger(SlotDecisionProcessor.class);

    private final SlotRules rules;
    private final DecisionMetrics metrics;
    private ProcessorContext<String, SlotMessage> context;
    private KeyValueStore<String, SlotState> slots;

    public SlotDecisionProcessor(SlotRules rules, DecisionMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SlotMessage> context) {
        this.context = context;
        this.slots = context.getStateStore(SLOT_STATE_STORE);
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
        if (outcome.state() != null && outcome.state() != before) {
            slots.put(slot, outcome.state());
        }
        if (outcome.emitted().isEmpty()) {
            log.debug("{} {} for slot {} changed nothing (duplicate or no-op)",
                    command.getClass().getSimpleName(), command.eventId(), slot);
        }
        for (SlotMessage fact : outcome.emitted()) {
            context.forward(record.withKey(slot).withValue(fact));
            if (fact instanceof BookingDecision decision) {
                metrics.count(decision);
            }
        }
    }
}
