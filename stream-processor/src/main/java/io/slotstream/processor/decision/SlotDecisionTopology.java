package io.slotstream.processor.decision;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.Topic;
import io.slotstream.events.Topics;
import io.slotstream.processor.limit.UserLimitProcessor;
import io.slotstream.processor.limit.UserLimits;
import io.slotstream.processor.limit.UserQuota;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The decision topology:
 *
 * <pre>
 * booking-commands ─┬─ other commands ─────────────────────────────┬▶ decide per slot ─┬▶ booking-events ──┐
 *                   │                                              │  (slot-state,      └▶ slot-availability │
 *                   │                                admitted, by slot  hold-expiries; punctuator expires holds)
 *                   └─ limited requests, by user ─▶ limit per user ┤                                       │
 *                                                   (user-limits)  └▶ USER_LIMIT rejections ▶ booking-events │
 *                      decisions that end a booking, by user ──▲───────────────────────────────────────────┘
 * </pre>
 *
 * <p>Every topic is keyed by slot id and has the same partition count, so one slot's commands, state and facts
 * stay on one task. Only requests under a per-user limit are repartitioned: by user id into the user stage, and
 * back by slot id when admitted; the decisions that end a booking are read back from booking-events and
 * repartitioned by user to free the quota. All of it runs in the tasks' exactly-once transactions.
 */
public final class SlotDecisionTopology {

    private final Topics topics;
    private final SlotRules rules;
    private final UserLimits limits;
    private final DecisionMetrics metrics;
    private final Duration expiryCheckInterval;

    /** @param expiryCheckInterval how often the processor looks for expired holds (wall-clock time) */
    public SlotDecisionTopology(
            Topics topics, SlotRules rules, UserLimits limits, DecisionMetrics metrics, Duration expiryCheckInterval) {
        this.topics = topics;
        this.rules = rules;
        this.limits = limits;
        this.metrics = metrics;
        this.expiryCheckInterval = expiryCheckInterval;
    }

    public void addTo(StreamsBuilder builder) {
        // The slot states live in a persistent store, backed by a changelog topic so another instance can take over.
        // Cached: in a rush one slot gets many commands per commit, and the cache writes its state to RocksDB and the
        // changelog once per commit instead of once per command (the commit flushes it inside the transaction).
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SlotDecisionProcessor.SLOT_STATE_STORE),
                        Serdes.String(),
                        SlotState.serde())
                .withCachingEnabled());
        // Live holds indexed by expiry time, so the punctuator finds the due ones with one range scan; changelogged
        // too, and written in the same transaction as the slot states.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SlotDecisionProcessor.HOLD_EXPIRY_STORE),
                Serdes.String(),
                Serdes.String()));
        // The user stage's quotas: each user's active limited bookings, keyed by user id; changelogged as well.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(UserLimitProcessor.STORE), Serdes.String(), UserQuota.serde()));

        // Read the commands in partition order; unreadable ones go to the dead-letter topic (see StreamsSettings).
        Topic<String, BookingCommand> commandTopic = topics.bookingCommands();
        KStream<String, BookingCommand> commands = builder.stream(
                commandTopic.name(),
                Consumed.with(commandTopic.keySerde(), commandTopic.valueSerde()).withName("read-commands"));

        // Route: requests under a per-user limit take the user stage first; every other command goes to its slot.
        Map<String, KStream<String, BookingCommand>> routes = commands.split(Named.as("route-"))
                .branch((slot, command) -> command instanceof BookingRequested request && request.limited(),
                        Branched.as("limited"))
                .defaultBranch(Branched.as("direct"));
        KStream<String, BookingCommand> admitted = limitPerUser(builder, routes.get("route-limited"));
        KStream<String, BookingCommand> toDecide = routes.get("route-direct").merge(admitted, Named.as("to-decide"));

        // Decide: fold each command into its slot's state and emit the resulting facts; expire due holds on the clock.
        KStream<String, SlotMessage> facts = toDecide.process(
                () -> new SlotDecisionProcessor(rules, metrics, expiryCheckInterval),
                Named.as("decide"),
                SlotDecisionProcessor.SLOT_STATE_STORE,
                SlotDecisionProcessor.HOLD_EXPIRY_STORE);

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

    /**
     * The user stage: limited requests and the decisions that end a booking, both re-keyed by user id, meet the
     * user's quota; USER_LIMIT rejections go to booking-events, admitted requests come back keyed by slot id.
     */
    private KStream<String, BookingCommand> limitPerUser(StreamsBuilder builder, KStream<String, BookingCommand> limited) {
        Topic<String, BookingCommand> commandTopic = topics.bookingCommands();
        Topic<String, BookingEvent> eventTopic = topics.bookingEvents();

        // Re-key limited requests by user, so all of one user's requests meet their quota on one task.
        KStream<String, SlotMessage> requests = limited
                .selectKey((slot, request) -> ((BookingRequested) request).userId().toString(), Named.as("limited-by-user"))
                .repartition(Repartitioned.with(Serdes.String(), commandTopic.valueSerde()).withName("limited-requests"))
                .mapValues(request -> (SlotMessage) request, Named.as("limited-as-message"));

        // Read the decisions back and re-key those that end a booking by user, to free the quota they took.
        KStream<String, SlotMessage> releases = builder.stream(
                        eventTopic.name(),
                        Consumed.with(eventTopic.keySerde(), eventTopic.valueSerde()).withName("read-decisions"))
                .filter((slot, event) -> UserLimits.ends(event), Named.as("ending-decisions"))
                .selectKey((slot, event) -> ((BookingDecision) event).userId().toString(), Named.as("ending-by-user"))
                .repartition(Repartitioned.with(Serdes.String(), eventTopic.valueSerde()).withName("limit-releases"))
                .mapValues(event -> (SlotMessage) event, Named.as("release-as-message"));

        // Admit or reject each limited request against the user's quota; free the quota of ended bookings.
        KStream<String, SlotMessage> outcomes = requests.merge(releases, Named.as("user-stage-input")).process(
                () -> new UserLimitProcessor(limits, metrics::count), Named.as("limit-per-user"), UserLimitProcessor.STORE);

        // A USER_LIMIT rejection is a decision like any other, keyed by slot id.
        outcomes.filter((slot, fact) -> fact instanceof BookingRejected, Named.as("limit-rejections"))
                .mapValues(fact -> (BookingEvent) fact, Named.as("rejection-as-event"))
                .to(eventTopic.name(), produced(eventTopic, "write-limit-rejections"));

        // An admitted request goes on to its slot, repartitioned by slot id like booking-commands.
        return outcomes.filter((slot, fact) -> fact instanceof BookingRequested, Named.as("admitted"))
                .mapValues(fact -> (BookingCommand) fact, Named.as("admitted-as-command"))
                .repartition(Repartitioned.with(Serdes.String(), commandTopic.valueSerde()).withName("admitted-requests"));
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }
}
