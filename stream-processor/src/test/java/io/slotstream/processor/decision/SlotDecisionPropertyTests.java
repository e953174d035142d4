package io.slotstream.processor.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.HoldConfirmationRequested;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
import io.slotstream.events.WaitlistPositionChanged;
import io.slotstream.processor.limit.UserLimits;
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
 * Property-based tests of the slot decision logic: for any interleaving of opens, closes, requests (plain, as holds,
 * joining the waitlist), hold confirmations, cancellations, holds expiring as time passes, and redelivered commands
 * (the outbox relay is at least once), confirmed and held places never exceed a slot's capacity, every request gets
 * exactly one first decision (confirmed, held, waitlisted or rejected), the waitlist is served in arrival order, and
 * a booking has at most one live status (confirmed, held or waiting) and none after it ended. Checked on
 * {@link SlotRules} alone (many interleavings, fast; expiries applied as the punctuator applies them) and through
 * the real topology, its stores and its wall-clock punctuator in a {@link TopologyTestDriver}.
 *
 * <p>The checks follow the emitted facts only, the way a downstream consumer sees them, and keep a model of each
 * slot (open, capacity, confirmed, held, waitlist) built from those facts: a confirmation while the model says the
 * slot is full, a {@code SLOT_TAKEN} while it has room, an offer to someone other than the first in line, or a
 * second first decision for one booking fails the property.
 */
class SlotDecisionPropertyTests {

    private static final Instant T0 = Instant.parse("2030-03-01T08:00:00Z");
    private static final int SLOTS = 3;
    private static final Duration HOLD = Duration.ofMinutes(5);
    private static final Duration CHECK = Duration.ofSeconds(1);

    /** One step of a scenario; its integers are interpreted against what was sent before (see {@link Run}). */
    enum Kind { OPEN, REQUEST, CONFIRM, CANCEL, CLOSE, REDELIVER }

    record Step(Kind kind, int a, int b) {}

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.OPEN)),
                net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.REQUEST)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CONFIRM)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CANCEL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.CLOSE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.REDELIVER)));
        Arbitrary<Step> steps = Combinators.combine(kinds, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000))
                .as(Step::new);
        return steps.list().ofMinSize(1).ofMaxSize(100);
    }

    @Property(tries = 1000, seed = "20261124", shrinking = ShrinkingMode.FULL)
    void slotRulesNeverOverbookAndDecideEveryRequestOnce(@ForAll("scenarios") List<Step> scenario) {
        SlotRules rules = new SlotRules(1000, HOLD);
        Map<UUID, SlotState> states = new HashMap<>();
        Run run = new Run();
        for (BookingCommand command : run.commands(scenario)) {
            // what the punctuator does when the clock reaches the command's time: expire the due holds, earliest first
            Instant now = command.occurredAt();
            List<Map.Entry<UUID, SlotState.Hold>> due = new ArrayList<>();
            states.forEach((slotId, state) -> state.holds().stream()
                    .filter(hold -> !hold.expiresAt().isAfter(now))
                    .forEach(hold -> due.add(Map.entry(slotId, hold))));
            due.sort(Comparator.comparing(entry -> entry.getValue().expiresAt()));
            for (Map.Entry<UUID, SlotState.Hold> hold : due) {
                SlotRules.Outcome expired = rules.expire(states.get(hold.getKey()), hold.getKey(), hold.getValue().bookingId(), now);
                if (expired.state() != null) {
                    states.put(hold.getKey(), expired.state());
                }
                expired.emitted().forEach(fact -> run.observe(hold.getKey().toString(), fact));
            }
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
        ProcessorProperties processor = new ProcessorProperties("slot-property", stateDir, Duration.ofMillis(50), 1, 1000, HOLD, CHECK);
        Properties settings = new Properties();
        settings.putAll(StreamsSettings.of(processor, TopicProperties.defaults(),
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer())));
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        StreamsBuilder builder = new StreamsBuilder();
        new SlotDecisionTopology(topics, new SlotRules(1000, HOLD), new UserLimits(1000), new DecisionMetrics(new SimpleMeterRegistry()), CHECK).addTo(builder);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), settings, T0)) {
            TestInputTopic<String, BookingCommand> in = driver.createInputTopic(topics.bookingCommands().name(),
                    topics.bookingCommands().keySerde().serializer(), topics.bookingCommands().valueSerde().serializer());
            TestOutputTopic<String, BookingEvent> events = driver.createOutputTopic(topics.bookingEvents().name(),
                    topics.bookingEvents().keySerde().deserializer(), topics.bookingEvents().valueSerde().deserializer());
            TestOutputTopic<String, SlotAvailability> availability = driver.createOutputTopic(topics.slotAvailability().name(),
                    topics.slotAvailability().keySerde().deserializer(), topics.slotAvailability().valueSerde().deserializer());
            Run run = new Run();
            Instant clock = T0;
            for (BookingCommand command : run.commands(scenario)) {
                // the wall clock follows the commands' time, so holds expire between commands as they would live
                if (command.occurredAt().isAfter(clock)) {
                    driver.advanceWallClockTime(Duration.between(clock, command.occurredAt()));
                    clock = command.occurredAt();
                    observe(run, events, availability);
                }
                in.pipeInput(command.slotId().toString(), command);
                observe(run, events, availability);
            }
            run.assertEveryRequestDecidedOnce();
        } finally {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Reads both topics after each command and after each punctuation. The decisions are observed in the order they
     * were made; of the availability records, only the last one per slot is compared with the model, since one
     * punctuation can expire several holds of one slot, and the topics do not say how their records interleave (the
     * test on {@link SlotRules} alone checks every availability in order).
     */
    private static void observe(Run run, TestOutputTopic<String, BookingEvent> events,
            TestOutputTopic<String, SlotAvailability> availability) {
        for (var record : events.readRecordsToList()) {
            run.observe(record.key(), record.value());
        }
        Map<String, SlotAvailability> latest = new java.util.LinkedHashMap<>();
        for (var record : availability.readRecordsToList()) {
            latest.put(record.key(), record.value());
        }
        latest.forEach(run::observe);
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
        private final Map<UUID, BookingRequested> requestById = new HashMap<>();
        private final List<BookingCommand> sent = new ArrayList<>();
        // the model, built only from emitted facts
        private final Map<String, Integer> capacity = new HashMap<>();
        private final Map<String, Boolean> open = new HashMap<>();
        private final Map<String, Set<UUID>> confirmed = new HashMap<>();
        private final Map<String, Map<UUID, Instant>> held = new HashMap<>();
        private final Map<String, List<UUID>> waitlist = new HashMap<>();
        private final Map<UUID, List<BookingDecision>> firstDecisions = new HashMap<>();
        private final Set<UUID> ended = new HashSet<>();
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
                int flags = step.a() / SLOTS;
                BookingCommand command = switch (step.kind()) {
                    // the last slot starts an hour in, so late requests for it meet SLOT_IN_PAST
                    case OPEN -> new SlotOpened(UUID.randomUUID(), now, slot, 1,
                            slot.equals(slots.get(SLOTS - 1)) ? T0.plus(Duration.ofHours(1)) : T0.plus(Duration.ofDays(3)),
                            T0.plus(Duration.ofDays(4)), 1 + step.b() % 3);
                    case REQUEST -> {
                        BookingRequested request = new BookingRequested(UUID.randomUUID(), now, slot, UUID.randomUUID(),
                                UUID.randomUUID(), flags % 2 == 1, (flags / 2) % 2 == 1, null, null, null);
                        requests.add(request);
                        requestById.put(request.bookingId(), request);
                        yield request;
                    }
                    case CONFIRM -> {
                        if (requests.isEmpty()) {
                            yield null;
                        }
                        BookingRequested booking = requests.get(step.b() % requests.size());
                        yield new HoldConfirmationRequested(UUID.randomUUID(), now, booking.slotId(), booking.bookingId(), booking.userId());
                    }
                    case CANCEL -> {
                        if (requests.isEmpty()) {
                            yield null;
                        }
                        BookingRequested booking = requests.get(step.b() % requests.size());
                        yield new BookingCancellationRequested(UUID.randomUUID(), now, booking.slotId(), booking.bookingId(), booking.userId());
                    }
                    case CLOSE -> new SlotClosed(UUID.randomUUID(), now, slot);
                    // the very same record again (with its original time), as an outbox relay that crashed before
                    // deleting its batch sends it
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
            Set<UUID> booked = confirmed.computeIfAbsent(key, k -> new LinkedHashSet<>());
            Map<UUID, Instant> holds = held.computeIfAbsent(key, k -> new HashMap<>());
            List<UUID> line = waitlist.computeIfAbsent(key, k -> new ArrayList<>());
            int places = capacity.getOrDefault(key, 0);
            if (fact instanceof SlotOpened opened) {
                assertThat(capacity).as("a slot is opened once").doesNotContainKey(key);
                capacity.put(key, opened.capacity());
                open.put(key, true);
            } else if (fact instanceof BookingConfirmed confirmation) {
                UUID id = confirmation.bookingId();
                assertThat(open.get(key)).as("confirmed only while open").isTrue();
                if (holds.containsKey(id)) {
                    assertThat(holds.get(id)).as("a hold is confirmed only before it expires")
                            .isAfter(confirmation.occurredAt());
                    holds.remove(id);
                } else {
                    assertThat(booked.size() + holds.size()).as("room left before confirming %s", id).isLessThan(places);
                    firstDecision(confirmation);
                }
                enterLive(id, booked, holds, line);
                booked.add(id);
            } else if (fact instanceof BookingHeld hold) {
                UUID id = hold.bookingId();
                assertThat(open.get(key)).as("held only while open").isTrue();
                assertThat(booked.size() + holds.size()).as("room left before holding %s", id).isLessThan(places);
                if (hold.offered()) {
                    assertThat(line).as("a place is offered to the first in line").isNotEmpty();
                    assertThat(line.get(0)).as("a place is offered to the first in line").isEqualTo(id);
                    line.remove(0);
                } else {
                    assertThat(requestById.get(id).hold()).as("only a hold request is held").isTrue();
                    firstDecision(hold);
                }
                enterLive(id, booked, holds, line);
                holds.put(id, hold.expiresAt());
            } else if (fact instanceof BookingWaitlisted waiting) {
                assertThat(open.get(key)).isTrue();
                assertThat(requestById.get(waiting.bookingId()).waitlist()).as("only a waitlist request waits").isTrue();
                assertThat(booked.size() + holds.size()).as("waitlisted only when full").isEqualTo(places);
                assertThat(waiting.position()).as("joins at the end of the line").isEqualTo(line.size() + 1);
                firstDecision(waiting);
                enterLive(waiting.bookingId(), booked, holds, line);
                line.add(waiting.bookingId());
            } else if (fact instanceof WaitlistPositionChanged moved) {
                assertThat(line.indexOf(moved.bookingId()) + 1).as("the new position is its place in line")
                        .isEqualTo(moved.position());
            } else if (fact instanceof BookingRejected rejected) {
                if (rejected.reason() == RejectionReason.SLOT_TAKEN) {
                    assertThat(booked.size() + holds.size()).as("SLOT_TAKEN only when full").isEqualTo(places);
                    assertThat(requestById.get(rejected.bookingId()).waitlist()).as("a waitlist request waits instead").isFalse();
                    assertThat(open.get(key)).isTrue();
                } else if (rejected.reason() == RejectionReason.SLOT_CLOSED) {
                    assertThat(open.get(key)).isFalse();
                } else if (rejected.reason() == RejectionReason.SLOT_NOT_FOUND) {
                    assertThat(capacity).doesNotContainKey(key);
                }
                firstDecision(rejected);
                assertThat(ended.add(rejected.bookingId())).isTrue();
            } else if (fact instanceof HoldExpired expired) {
                assertThat(holds).as("only a live hold expires").containsKey(expired.bookingId());
                assertThat(expired.occurredAt()).as("expires at its expiresAt").isEqualTo(holds.get(expired.bookingId()));
                holds.remove(expired.bookingId());
                assertThat(ended.add(expired.bookingId())).as("ends once").isTrue();
            } else if (fact instanceof BookingCancelled cancellation) {
                UUID id = cancellation.bookingId();
                assertThat(booked.contains(id) || holds.containsKey(id) || line.contains(id))
                        .as("only a confirmed, held or waiting booking is cancelled").isTrue();
                booked.remove(id);
                holds.remove(id);
                line.remove(id);
                assertThat(ended.add(id)).as("cancelled once").isTrue();
            } else if (fact instanceof SlotClosed) {
                assertThat(booked).as("closing cancelled every holder first").isEmpty();
                assertThat(holds).as("closing cancelled every hold first").isEmpty();
                assertThat(line).as("closing cancelled every waiter first").isEmpty();
                open.put(key, false);
            } else if (fact instanceof SlotAvailability availability) {
                assertThat(availability.booked()).isEqualTo(booked.size() + holds.size())
                        .isLessThanOrEqualTo(availability.capacity());
                assertThat(availability.held()).isEqualTo(holds.size());
                assertThat(availability.waiting()).isEqualTo(line.size());
                assertThat(availability.open()).isEqualTo(open.get(key));
                if (availability.waiting() > 0) {
                    assertThat(availability.available()).as("a free place goes to the waitlist at once").isZero();
                }
            }
            assertThat(booked.size() + holds.size()).as("places taken in %s", key).isLessThanOrEqualTo(places);
        }

        private void firstDecision(BookingDecision decision) {
            firstDecisions.computeIfAbsent(decision.bookingId(), id -> new ArrayList<>()).add(decision);
        }

        /** A booking enters a live status only from none (or from waiting, or held, by the caller's removal). */
        private void enterLive(UUID id, Set<UUID> booked, Map<UUID, Instant> holds, List<UUID> line) {
            assertThat(ended).as("%s has ended and stays ended", id).doesNotContain(id);
            assertThat(booked).as("%s is confirmed once", id).doesNotContain(id);
            assertThat(holds).as("%s has one live status", id).doesNotContainKey(id);
            assertThat(line).as("%s has one live status", id).doesNotContain(id);
        }

        void assertEveryRequestDecidedOnce() {
            for (BookingRequested request : requests) {
                assertThat(firstDecisions.get(request.bookingId())).as("first decisions for %s", request.bookingId())
                        .hasSize(1);
            }
            assertThat(firstDecisions.keySet()).hasSize(requests.size());
        }
    }
}
