package io.slotstream.processor.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
import io.slotstream.processor.system.ProcessorProperties;
import io.slotstream.processor.system.StreamsSettings;
import io.slotstream.processor.system.TopicProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Property-based tests of the slot decision logic: for any interleaving of opens, closes, requests, cancellations
 * and redelivered commands (the outbox relay is at least once), confirmed bookings never exceed a slot's capacity,
 * and every request gets exactly one decision. Checked on {@link SlotRules} alone (many interleavings, fast) and
 * through the real topology and its state store in a {@link TopologyTestDriver}.
 *
 * <p>The checks follow the emitted facts only, the way a downstream consumer sees them, and keep a model of each
 * slot (open, capacity, holders) built from those facts: a confirmation while the model says the slot is full, a
 * {@code SLOT_TAKEN} while it has room, or a second decision for one booking fails the property.
 */
class SlotDecisionPropertyTests {

    private static final Instant T0 = Instant.parse("2030-03-01T08:00:00Z");
    private static final int SLOTS = 3;

    /** One step of a scenario; its integers are interpreted against what was sent before (see {@link Run}). */
    enum Kind { OPEN, REQUEST, CANCEL, CLOSE, REDELIVER }

    record Step(Kind kind, int a, int b) {}

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.OPEN)),
                net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.REQUEST)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CANCEL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.CLOSE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.REDELIVER)));
        Arbitrary<Step> steps = Combinators.combine(kinds, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000))
                .as(Step::new);
        return steps.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 1000, seed = "20261124", shrinking = ShrinkingMode.FULL)
    void slotRulesNeverOverbookAndDecideEveryRequestOnce(@ForAll("scenarios") List<Step> scenario) {
        SlotRules rules = new SlotRules(1000);
        Map<UUID, SlotState> states = new HashMap<>();
        Run run = new Run();
        for (BookingCommand command : run.commands(scenario)) {
            String slot = command.slotId().toString();
            SlotRules.Outcome outcome = rules.decide(states.get(command.slotId()), command);
            if (outcome.state() != null) {
                states.put(command.slotId(), outcome.state());
            }
            for (SlotMessage fact : outcome.emitted()) {
                run.observe(slot, fact);
            }
        }
        run.assertEveryRequestDecidedOnce();
    }

    @Property(tries = 40, seed = "20261124", shrinking = ShrinkingMode.FULL)
    void theTopologyWithItsStateStoreNeverOverbooksAndDecidesEveryRequestOnce(@ForAll("scenarios") List<Step> scenario)
            throws IOException {
        Topics topics = Topics.defaults();
        Path stateDir = Files.createTempDirectory("slot-property");
        ProcessorProperties processor = new ProcessorProperties("slot-property", stateDir, Duration.ofMillis(50), 1, 1000);
        Properties settings = new Properties();
        settings.putAll(StreamsSettings.of(processor, TopicProperties.defaults(),
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer())));
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        StreamsBuilder builder = new StreamsBuilder();
        new SlotDecisionTopology(topics, new SlotRules(1000), new DecisionMetrics(new SimpleMeterRegistry())).addTo(builder);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), settings)) {
            TestInputTopic<String, BookingCommand> in = driver.createInputTopic(topics.bookingCommands().name(),
                    topics.bookingCommands().keySerde().serializer(), topics.bookingCommands().valueSerde().serializer());
            TestOutputTopic<String, BookingEvent> events = driver.createOutputTopic(topics.bookingEvents().name(),
                    topics.bookingEvents().keySerde().deserializer(), topics.bookingEvents().valueSerde().deserializer());
            TestOutputTopic<String, SlotAvailability> availability = driver.createOutputTopic(topics.slotAvailability().name(),
                    topics.slotAvailability().keySerde().deserializer(), topics.slotAvailability().valueSerde().deserializer());
            Run run = new Run();
            for (BookingCommand command : run.commands(scenario)) {
                in.pipeInput(command.slotId().toString(), command);
                // both topics are read after each command, so facts are observed in the order they were made
                for (var record : events.readRecordsToList()) {
                    run.observe(record.key(), record.value());
                }
                for (var record : availability.readRecordsToList()) {
                    run.observe(record.key(), record.value());
                }
            }
            run.assertEveryRequestDecidedOnce();
        } finally {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The counterexample the properties found first, kept as an example: a request that reached the processor before
     * its slot's SlotOpened was rejected as SLOT_NOT_FOUND; redelivered after the slot opened, it was confirmed, and
     * the slot held a place for a booking that booking-api had already marked rejected.
     */
    @Example
    void aRequestRejectedForAnUnknownSlotIsNotDecidedAgainOnceTheSlotOpens() {
        SlotRules rules = new SlotRules(1000);
        UUID slot = UUID.randomUUID();
        BookingRequested early = new BookingRequested(UUID.randomUUID(), T0, slot, UUID.randomUUID(), UUID.randomUUID());
        SlotRules.Outcome rejected = rules.decide(null, early);
        assertThat(rejected.emitted()).singleElement().isInstanceOfSatisfying(BookingRejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.SLOT_NOT_FOUND));
        SlotRules.Outcome opened = rules.decide(rejected.state(), new SlotOpened(UUID.randomUUID(), T0.plusSeconds(1), slot, 1,
                T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), 1));
        assertThat(opened.emitted()).hasSize(2);

        SlotRules.Outcome redelivered = rules.decide(opened.state(), early);

        assertThat(redelivered.emitted()).isEmpty();
        assertThat(redelivered.state().booked()).isZero();
        assertThat(rules.decide(rejected.state(), early).emitted()).as("redelivered before the slot opened").isEmpty();
    }

    /** Turns a scenario into commands and checks the facts they produce against a model of each slot. */
    static final class Run {
        private final List<UUID> slots = new ArrayList<>();
        private final List<BookingRequested> requests = new ArrayList<>();
        private final List<BookingCommand> sent = new ArrayList<>();
        // the model, built only from emitted facts
        private final Map<String, Integer> capacity = new HashMap<>();
        private final Map<String, Boolean> open = new HashMap<>();
        private final Map<String, Set<UUID>> holders = new HashMap<>();
        private final Map<UUID, List<BookingDecision>> decisions = new HashMap<>();
        private final Set<UUID> cancelled = new HashSet<>();
        private Instant now = T0;

        Run() {
            Random random = new Random(7);
            for (int i = 0; i < SLOTS; i++) {
                slots.add(new UUID(random.nextLong(), random.nextLong()));
            }
        }

        List<BookingCommand> commands(List<Step> scenario) {
            List<BookingCommand> commands = new ArrayList<>();
            for (Step step : scenario) {
                now = now.plus(Duration.ofMinutes(1));
                UUID slot = slots.get(step.a() % SLOTS);
                BookingCommand command = switch (step.kind()) {
                    // the last slot starts an hour in, so late requests for it meet SLOT_IN_PAST
                    case OPEN -> new SlotOpened(UUID.randomUUID(), now, slot, 1,
                            slot.equals(slots.get(SLOTS - 1)) ? T0.plus(Duration.ofHours(1)) : T0.plus(Duration.ofDays(3)),
                            T0.plus(Duration.ofDays(4)), 1 + step.b() % 3);
                    case REQUEST -> {
                        BookingRequested request = new BookingRequested(UUID.randomUUID(), now, slot, UUID.randomUUID(), UUID.randomUUID());
                        requests.add(request);
                        yield request;
                    }
                    case CANCEL -> {
                        if (requests.isEmpty()) {
                            yield null;
                        }
                        BookingRequested booking = requests.get(step.b() % requests.size());
                        yield new BookingCancellationRequested(UUID.randomUUID(), now, booking.slotId(), booking.bookingId(), booking.userId());
                    }
                    case CLOSE -> new SlotClosed(UUID.randomUUID(), now, slot);
                    // the very same record again, as an outbox relay that crashed before deleting its batch sends it
                    case REDELIVER -> sent.isEmpty() ? null : sent.get(step.b() % sent.size());
                };
                if (command != null) {
                    sent.add(command);
                    commands.add(command);
                }
            }
            return commands;
        }

        void observe(String key, SlotMessage fact) {
            assertThat(key).isEqualTo(fact.slotId().toString());
            Set<UUID> held = holders.computeIfAbsent(key, k -> new LinkedHashSet<>());
            if (fact instanceof SlotOpened opened) {
                assertThat(capacity).as("a slot is opened once").doesNotContainKey(key);
                capacity.put(key, opened.capacity());
                open.put(key, true);
            } else if (fact instanceof BookingConfirmed confirmed) {
                assertThat(open.get(key)).as("confirmed only while open").isTrue();
                assertThat(held.size()).as("room left before confirming %s", confirmed.bookingId()).isLessThan(capacity.get(key));
                held.add(confirmed.bookingId());
                decisions.computeIfAbsent(confirmed.bookingId(), id -> new ArrayList<>()).add(confirmed);
            } else if (fact instanceof BookingRejected rejected) {
                if (rejected.reason() == RejectionReason.SLOT_TAKEN) {
                    assertThat(held).as("SLOT_TAKEN only when full").hasSize(capacity.get(key));
                    assertThat(open.get(key)).isTrue();
                } else if (rejected.reason() == RejectionReason.SLOT_CLOSED) {
                    assertThat(open.get(key)).isFalse();
                } else if (rejected.reason() == RejectionReason.SLOT_NOT_FOUND) {
                    assertThat(capacity).doesNotContainKey(key);
                }
                decisions.computeIfAbsent(rejected.bookingId(), id -> new ArrayList<>()).add(rejected);
            } else if (fact instanceof BookingCancelled cancellation) {
                assertThat(held).as("only a holder is cancelled").contains(cancellation.bookingId());
                assertThat(cancelled.add(cancellation.bookingId())).as("cancelled once").isTrue();
                held.remove(cancellation.bookingId());
            } else if (fact instanceof SlotClosed) {
                assertThat(held).as("closing cancelled every holder first").isEmpty();
                open.put(key, false);
            } else if (fact instanceof SlotAvailability availability) {
                assertThat(availability.booked()).isEqualTo(held.size()).isLessThanOrEqualTo(availability.capacity());
                assertThat(availability.open()).isEqualTo(open.get(key));
            }
            assertThat(held.size()).as("holders of %s", key).isLessThanOrEqualTo(capacity.getOrDefault(key, 0));
        }

        void assertEveryRequestDecidedOnce() {
            for (BookingRequested request : requests) {
                assertThat(decisions.get(request.bookingId())).as("decisions for %s", request.bookingId()).hasSize(1);
            }
            assertThat(decisions.keySet()).hasSize(requests.size());
        }
    }
}
