package io.slotstream.processor.decision;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.Topic;
import io.slotstream.events.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The decision topology:
 *
 * <pre>
 * booking-commands ─▶ decide per slot (store slot-state) ─┬▶ booking-events
 *                                                         └▶ slot-availability
 * </pre>
 *
 * <p>Every topic is keyed by slot id and has the same partition count, so one slot's commands, state and facts
 * stay on one task and no repartitioning is needed.
 */
public final class SlotDecisionTopology {

    private final Topics topics;
    private final SlotRules rules;
    private final DecisionMetrics metrics;

    public SlotDecisionTopology(Topics topics, SlotRules rules, DecisionMetrics metrics) {
        this.topics = topics;
        this.rules = rules;
        this.metrics = metrics;
    }

    public void addTo(StreamsBuilder builder) {
        // The slot states live in a persistent store, backed by a changelog topic so another instance can take over.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SlotDecisionProcessor.SLOT_STATE_STORE),
                Serdes.String(),
                SlotState.serde()));

        // Read the commands in partition order; unreadable ones go to the dead-letter topic (see StreamsSettings).
        Topic<String, BookingCommand> commandTopic = topics.bookingCommands();
        KStream<String, BookingCommand> commands = builder.stream(
                commandTopic.name(),
                Consumed.with(commandTopic.keySerde(), commandTopic.valueSerde()).withName("read-commands"));

        // Decide: fold each command into its slot's state and emit the resulting facts.
        KStream<String, SlotMessage> facts = commands.process(
                () -> new SlotDecisionProcessor(rules, metrics),
                Named.as("decide"),
                SlotDecisionProcessor.SLOT_STATE_STORE);

        // Split the facts by kind: decisions and slot lifecycle to booking-events, availability to its compacted topic.
        facts.split(Named.as("facts-"))
                .branch(
                        (slot, fact) -> fact instanceof BookingEvent,
                        Branched.<String, SlotMessage>withConsumer(events -> events.mapValues(
                                                fact -> (BookingEvent) fact, Named.as("as-booking-event"))
                                        .to(topics.bookingEvents().name(), produced(topics.bookingEvents(), "write-events")))
                                .withName("events"))
                .branch(
                        (slot, fact) -> fact instanceof SlotAvailability,
                        Branched.<String, SlotMessage>withConsumer(availability -> availability
                                        .mapValues(fact -> (SlotAvailability) fact, Named.as("as-availability"))
                                        .to(
                                                topics.slotAvailability().name(),
                                                produced(topics.slotAvailability(), "write-availability")))
                                .withName("availability"))
                .noDefaultBranch();
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }
}
