package io.slotstream.processor.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.EventIds;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
import io.slotstream.processor.limit.UserLimitProcessor;
import io.slotstream.processor.limit.UserLimits;
import io.slotstream.processor.limit.UserQuota;
import io.slotstream.processor.system.ProcessorProperties;
import io.slotstream.processor.system.StreamsSettings;
import io.slotstream.processor.system.TopicProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user limit through the whole topology: limited requests go through the user stage (repartitioned by
 * user), admitted ones on to their slots, and the slot stage's decisions come back to free the quota.
 */
class UserLimitTopologyTests {

    private static final Instant STARTS_AT = Instant.parse("2030-03-01T10:00:00Z");
    private static final Instant BEFORE_START = STARTS_AT.minus(Duration.ofDays(2));
    private static final LocalDate DAY = LocalDate.parse("2030-03-01");
    private static final long YOGA = 7;
    private static final long PILATES = 8;
    private static final Duration HOLD = Duration.ofMinutes(5);

    private final Topics topics = Topics.defaults();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UUID alice = UUID.randomUUID();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, BookingCommand> commands;
    private TestOutputTopic<String, BookingEvent> events;

    @BeforeEach
    void startDriver() {
        ProcessorProperties processor = new ProcessorProperties(
                "user-limit-test", stateDir, Duration.ofMillis(50), 1, 1000, HOLD, Duration.ofSeconds(1));
        Properties settings = new Properties();
        settings.putAll(StreamsSettings.of(processor, TopicProperties.defaults(),
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer())));
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        StreamsBuilder builder = new StreamsBuilder();
        new SlotDecisionTopology(topics, new SlotRules(1000, HOLD), new UserLimits(1000), new DecisionMetrics(meters),
                Duration.ofSeconds(1)).addTo(builder);
        driver = new TopologyTestDriver(builder.build(), settings, BEFORE_START);
        commands = driver.createInputTopic(topics.bookingCommands().name(),
                topics.bookingCommands().keySerde().serializer(), topics.bookingCommands().valueSerde().serializer());
        events = driver.createOutputTopic(topics.bookingEvents().name(),
                topics.bookingEvents().keySerde().deserializer(), topics.bookingEvents().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aRequestOverTheDailyLimitOfItsCategoryIsRejectedWithUserLimit() {
        UUID first = openSlot(YOGA, 1);
        UUID second = openSlot(YOGA, 1);
        UUID third = openSlot(YOGA, 1);
        send(limited(first, YOGA, 2));
        send(limited(second, YOGA, 2));
        BookingRequested over = limited(third, YOGA, 2);

        send(over);

        List<BookingEvent> decided = decisions();
        assertThat(decided).hasSize(3);
        assertThat(decided.subList(0, 2)).allSatisfy(e -> assertThat(e).isInstanceOf(BookingConfirmed.class));
        assertThat(decided.get(2)).isEqualTo(new BookingRejected(
                EventIds.derive(over.eventId(), "rejected"),
                over.occurredAt(),
                third,
                over.bookingId(),
                alice,
                RejectionReason.USER_LIMIT,
                RejectionReason.USER_LIMIT.message()));
        assertThat(quota().active()).hasSize(2);
        assertThat(meters.find(DecisionMetrics.DECISIONS).tag("reason", "user_limit").counter().count()).isEqualTo(1);
    }

    @Test
    void theLimitCountsPerCategoryAndDayAndLeavesUnlimitedRequestsAlone() {
        send(limited(openSlot(YOGA, 1), YOGA, 1));
        send(limitedOn(openSlot(YOGA, 1), YOGA, DAY.plusDays(1), 1));
        send(limited(openSlot(PILATES, 1), PILATES, 1));
        send(new BookingRequested(UUID.randomUUID(), BEFORE_START, openSlot(YOGA, 1), UUID.randomUUID(), alice));

        assertThat(decisions()).allSatisfy(e -> assertThat(e).isInstanceOf(BookingConfirmed.class))
                .hasSize(4);
    }

    @Test
    void aRejectionByTheSlotFreesTheQuota() {
        UUID taken = openSlot(YOGA, 1);
        send(new BookingRequested(UUID.randomUUID(), BEFORE_START, taken, UUID.randomUUID(), UUID.randomUUID()));
        send(limited(taken, YOGA, 1));
        assertThat(reasons()).containsExactly(null, RejectionReason.SLOT_TAKEN);

        send(limited(openSlot(YOGA, 1), YOGA, 1));

        assertThat(decisions()).singleElement().isInstanceOf(BookingConfirmed.class);
    }

    @Test
    void aCancellationFreesTheQuota() {
        UUID slot = openSlot(YOGA, 1);
        BookingRequested booked = limited(slot, YOGA, 1);
        send(booked);
        send(limited(openSlot(YOGA, 1), YOGA, 1));
        assertThat(reasons()).containsExactly(null, RejectionReason.USER_LIMIT);

        send(new BookingCancellationRequested(UUID.randomUUID(), BEFORE_START.plusSeconds(60), slot,
                booked.bookingId(), alice));
        decisions();
        send(limited(openSlot(YOGA, 1), YOGA, 1));

        assertThat(decisions()).singleElement().isInstanceOf(BookingConfirmed.class);
        assertThat(quota().active()).hasSize(1);
    }

    @Test
    void heldAndWaitingBookingsCountAndAnExpiredHoldFreesTheQuota() {
        UUID slot = openSlot(YOGA, 1);
        send(new BookingRequested(UUID.randomUUID(), BEFORE_START, slot, UUID.randomUUID(), alice, true, false,
                YOGA, DAY, 2));
        send(new BookingRequested(UUID.randomUUID(), BEFORE_START, slot, UUID.randomUUID(), alice, false, true,
                YOGA, DAY, 2));
        send(limited(openSlot(YOGA, 1), YOGA, 2));
        assertThat(decisions()).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "BookingHeld", "BookingWaitlisted", "BookingRejected");

        // the hold expires: its quota is free; the place goes to the waiting booking, which still counts
        driver.advanceWallClockTime(HOLD);
        assertThat(decisions()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("HoldExpired", "BookingHeld");
        send(limited(openSlot(YOGA, 1), YOGA, 2));

        assertThat(decisions()).singleElement().isInstanceOf(BookingConfirmed.class);
        assertThat(quota().active()).hasSize(2);
    }

    @Test
    void aRedeliveredLimitedRequestIsDecidedOnceAndTakesNoSecondQuota() {
        BookingRequested request = limited(openSlot(YOGA, 1), YOGA, 2);
        send(request);
        send(request);
        BookingRequested rejected = limited(openSlot(YOGA, 1), YOGA, 1);
        send(rejected);
        send(rejected);

        assertThat(decisions()).extracting(e -> ((BookingDecision) e).bookingId())
                .containsExactly(request.bookingId(), rejected.bookingId());
        assertThat(quota().active()).extracting(UserQuota.Active::bookingId).containsExactly(request.bookingId());
    }

    // fixtures

    private UUID openSlot(long category, int capacity) {
        UUID slot = UUID.randomUUID();
        send(new SlotOpened(UUID.randomUUID(), BEFORE_START.minus(Duration.ofDays(1)), slot, category, STARTS_AT,
                STARTS_AT.plus(Duration.ofHours(1)), capacity));
        return slot;
    }

    private BookingRequested limited(UUID slot, long category, int limit) {
        return limitedOn(slot, category, DAY, limit);
    }

    private BookingRequested limitedOn(UUID slot, long category, LocalDate day, int limit) {
        return new BookingRequested(UUID.randomUUID(), BEFORE_START, slot, UUID.randomUUID(), alice, false, false,
                category, day, limit);
    }

    private void send(BookingCommand command) {
        commands.pipeInput(command.slotId().toString(), command);
    }

    /** The booking decisions published since the last call (slot lifecycle facts left out). */
    private List<BookingEvent> decisions() {
        return events.readValuesToList().stream().filter(BookingDecision.class::isInstance).toList();
    }

    /** The rejection reason of each decision read, null for anything else. */
    private List<RejectionReason> reasons() {
        return decisions().stream()
                .map(e -> e instanceof BookingRejected r ? r.reason() : null)
                .collect(java.util.stream.Collectors.toList());
    }

    private UserQuota quota() {
        KeyValueStore<String, UserQuota> quotas = driver.getKeyValueStore(UserLimitProcessor.STORE);
        return quotas.get(alice.toString());
    }
}
