package io.slotstream.processor.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.CancellationReason;
import io.slotstream.events.EventIds;
import io.slotstream.events.HoldConfirmationRequested;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
import io.slotstream.events.WaitlistPositionChanged;
import io.slotstream.processor.limit.UserLimits;
import io.slotstream.processor.system.ProcessorProperties;
import io.slotstream.processor.system.StreamsSettings;
import io.slotstream.processor.system.TopicProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import org.springframework.kafka.support.KafkaHeaders;

class SlotDecisionTopologyTests {

    private static final Instant STARTS_AT = Instant.parse("2030-03-01T10:00:00Z");
    private static final Instant BEFORE_START = STARTS_AT.minus(Duration.ofDays(2));
    private static final long CATEGORY = 7;
    private static final Duration HOLD = Duration.ofMinutes(5);
    private static final Duration CHECK = Duration.ofSeconds(1);

    private final Topics topics = Topics.defaults();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockProducer<byte[], byte[]> deadLetters =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final UUID slot = UUID.randomUUID();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, BookingCommand> commands;
    private TestInputTopic<String, String> rawCommands;
    private TestOutputTopic<String, BookingEvent> events;
    private TestOutputTopic<String, SlotAvailability> availability;

    @BeforeEach
    void startDriver() {
        ProcessorProperties processor =
                new ProcessorProperties("slot-decisions-test", stateDir, Duration.ofMillis(50), 1, 1000, HOLD, CHECK);
        Properties settings = new Properties();
        settings.putAll(StreamsSettings.of(processor, TopicProperties.defaults(), deadLetters));
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        assertThat(settings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);

        StreamsBuilder builder = new StreamsBuilder();
        new SlotDecisionTopology(topics, new SlotRules(1000, HOLD), new UserLimits(1000), new DecisionMetrics(meters), CHECK).addTo(builder);
        // the processor's wall clock starts when the test's requests are made, so holds expire as the test advances it
        driver = new TopologyTestDriver(builder.build(), settings, BEFORE_START);

        commands = driver.createInputTopic(
                topics.bookingCommands().name(),
                topics.bookingCommands().keySerde().serializer(),
                topics.bookingCommands().valueSerde().serializer());
        rawCommands = driver.createInputTopic(
                topics.bookingCommands().name(), new StringSerializer(), new StringSerializer());
        events = driver.createOutputTopic(
                topics.bookingEvents().name(),
                topics.bookingEvents().keySerde().deserializer(),
                topics.bookingEvents().valueSerde().deserializer());
        availability = driver.createOutputTopic(
                topics.slotAvailability().name(),
                topics.slotAvailability().keySerde().deserializer(),
                topics.slotAvailability().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void theFirstRequestForAFreeSlotIsConfirmed() {
        open(slot, 1);
        BookingRequested request = request(slot);
        send(request);

        assertThat(events.readValuesToList()).singleElement().isEqualTo(new BookingConfirmed(
                EventIds.derive(request.eventId(), "confirmed"),
                request.occurredAt(),
                slot,
                request.bookingId(),
                request.userId()));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.booked()).isEqualTo(1);
            assertThat(a.available()).isZero();
            assertThat(a.open()).isTrue();
        });
    }

    @Test
    void aSecondRequestForATakenSlotIsRejectedAsTaken() {
        open(slot, 1);
        send(request(slot));
        events.readValuesToList();
        availability.readValuesToList();

        BookingRequested second = request(slot);
        send(second);

        assertThat(events.readValuesToList()).singleElement().isInstanceOfSatisfying(BookingRejected.class, r -> {
            assertThat(r.bookingId()).isEqualTo(second.bookingId());
            assertThat(r.userId()).isEqualTo(second.userId());
            assertThat(r.reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
            assertThat(r.message()).isEqualTo(RejectionReason.SLOT_TAKEN.message());
            assertThat(r.eventId()).isEqualTo(EventIds.derive(second.eventId(), "rejected"));
        });
        assertThat(availability.isEmpty()).as("a rejection changes no availability").isTrue();
    }

    @Test
    void aRequestForASlotNotYetOpenedIsRejectedAsNotFound() {
        send(request(slot));

        assertThat(rejectionReasons()).containsExactly(RejectionReason.SLOT_NOT_FOUND);
        assertThat(availability.isEmpty()).isTrue();
        // only a placeholder that remembers the rejection, so a redelivery is not decided again once the slot opens
        assertThat(store().get(slot.toString())).as("placeholder for an unknown slot").satisfies(state -> {
            assertThat(state.known()).isFalse();
            assertThat(state.holders()).isEmpty();
            assertThat(state.decided()).hasSize(1);
        });
    }

    @Test
    void aRequestAfterTheSlotClosedIsRejectedAsClosed() {
        open(slot, 1);
        send(close(slot));
        events.readValuesToList();

        send(request(slot));

        assertThat(rejectionReasons()).containsExactly(RejectionReason.SLOT_CLOSED);
    }

    @Test
    void aRequestMadeAtOrAfterTheStartIsRejectedAsInThePast() {
        open(slot, 2);
        events.readValuesToList();

        send(requestAt(slot, STARTS_AT));
        send(requestAt(slot, STARTS_AT.plusSeconds(1)));
        send(requestAt(slot, STARTS_AT.minusMillis(1)));

        assertThat(events.readValuesToList())
                .extracting(e -> e instanceof BookingRejected r ? r.reason().name() : e.getClass().getSimpleName())
                .containsExactly("SLOT_IN_PAST", "SLOT_IN_PAST", "BookingConfirmed");
    }

    @Test
    void cancellingAConfirmedBookingFreesThePlaceForTheNextRequest() {
        open(slot, 1);
        BookingRequested first = request(slot);
        send(first);
        events.readValuesToList();
        availability.readValuesToList();

        BookingCancellationRequested cancellation = cancel(first);
        send(cancellation);

        assertThat(events.readValuesToList()).singleElement().isEqualTo(new BookingCancelled(
                EventIds.derive(cancellation.eventId(), "cancelled"),
                cancellation.occurredAt(),
                slot,
                first.bookingId(),
                first.userId(),
                CancellationReason.REQUESTED));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.booked()).isZero();
            assertThat(a.available()).isEqualTo(1);
        });

        BookingRequested next = request(slot);
        send(next);
        assertThat(events.readValuesToList())
                .singleElement()
                .isInstanceOfSatisfying(BookingConfirmed.class, c -> assertThat(c.bookingId())
                        .isEqualTo(next.bookingId()));
    }

    @Test
    void aSlotWithCapacityThreeConfirmsExactlyThreeRequests() {
        open(slot, 3);
        events.readValuesToList();
        availability.readValuesToList();

        for (int i = 0; i < 10; i++) {
            send(request(slot));
        }

        List<BookingEvent> decisions = events.readValuesToList();
        assertThat(decisions).hasSize(10);
        assertThat(decisions).filteredOn(BookingConfirmed.class::isInstance).hasSize(3);
        assertThat(decisions.subList(0, 3)).allMatch(BookingConfirmed.class::isInstance);
        assertThat(decisions.subList(3, 10)).allMatch(e -> e instanceof BookingRejected r
                && r.reason() == RejectionReason.SLOT_TAKEN);
        assertThat(availability.readValuesToList())
                .extracting(SlotAvailability::booked, SlotAvailability::available)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 2),
                        org.assertj.core.groups.Tuple.tuple(2, 1),
                        org.assertj.core.groups.Tuple.tuple(3, 0));
    }

    @Test
    void closingASlotCancelsEveryHolderAndLeavesNoAvailability() {
        open(slot, 3);
        BookingRequested alice = request(slot);
        BookingRequested bob = request(slot);
        send(alice);
        send(bob);
        events.readValuesToList();
        availability.readValuesToList();

        SlotClosed close = close(slot);
        send(close);

        List<BookingEvent> facts = events.readValuesToList();
        assertThat(facts).hasSize(3);
        assertThat(facts.subList(0, 2))
                .allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(BookingCancelled.class, c -> assertThat(c.reason())
                        .isEqualTo(CancellationReason.SLOT_CLOSED)))
                .extracting(e -> ((BookingCancelled) e).bookingId(), e -> ((BookingCancelled) e).userId())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(alice.bookingId(), alice.userId()),
                        org.assertj.core.groups.Tuple.tuple(bob.bookingId(), bob.userId()));
        assertThat(facts.get(2))
                .isEqualTo(new SlotClosed(EventIds.derive(close.eventId(), "closed"), close.occurredAt(), slot));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.open()).isFalse();
            assertThat(a.booked()).isZero();
            assertThat(a.available()).isZero();
            assertThat(a.capacity()).isEqualTo(3);
        });

        send(cancel(alice));
        send(close(slot));
        assertThat(events.isEmpty()).as("cancel after close and closing twice change nothing").isTrue();
        assertThat(availability.isEmpty()).isTrue();
    }

    @Test
    void openingASlotPublishesItAndItsAvailabilityOnce() {
        SlotOpened command = openCommand(slot, 2);
        send(command);
        send(command);
        send(openCommand(slot, 5));

        assertThat(events.readValuesToList()).singleElement().isEqualTo(new SlotOpened(
                EventIds.derive(command.eventId(), "opened"),
                command.occurredAt(),
                slot,
                CATEGORY,
                command.startsAt(),
                command.endsAt(),
                2));
        assertThat(availability.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(slot.toString());
            assertThat(kv.value).isEqualTo(new SlotAvailability(
                    EventIds.derive(command.eventId(), "availability"),
                    command.occurredAt(),
                    slot,
                    CATEGORY,
                    STARTS_AT,
                    2,
                    0,
                    2,
                    true));
        });
    }

    @Test
    void aRedeliveredRequestIsDecidedOnlyOnce() {
        open(slot, 1);
        BookingRequested winner = request(slot);
        BookingRequested loser = request(slot);
        send(winner);
        send(loser);
        assertThat(events.readValuesToList()).hasSize(2);
        availability.readValuesToList();

        send(winner);
        send(loser);
        // the outbox may republish a request under a new record id: still the same booking
        send(new BookingRequested(UUID.randomUUID(), loser.occurredAt(), slot, loser.bookingId(), loser.userId()));

        assertThat(events.isEmpty()).isTrue();
        assertThat(availability.isEmpty()).isTrue();
    }

    @Test
    void aRequestRedeliveredAfterItsBookingWasCancelledOrTheSlotClosedIsNotDecidedAgain() {
        open(slot, 1);
        BookingRequested first = request(slot);
        send(first);
        send(cancel(first));
        BookingRequested second = request(slot);
        send(second);
        send(close(slot));
        events.readValuesToList();

        send(first);
        send(second);

        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void cancellingARejectedOrUnknownBookingChangesNothing() {
        open(slot, 1);
        send(request(slot));
        BookingRequested rejected = request(slot);
        send(rejected);
        events.readValuesToList();
        availability.readValuesToList();

        send(cancel(rejected));
        send(new BookingCancellationRequested(UUID.randomUUID(), BEFORE_START, slot, UUID.randomUUID(), UUID.randomUUID()));
        send(new BookingCancellationRequested(
                UUID.randomUUID(), BEFORE_START, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));

        assertThat(events.isEmpty()).isTrue();
        assertThat(availability.isEmpty()).isTrue();
    }

    @Test
    void slotsAreDecidedIndependently() {
        UUID other = UUID.randomUUID();
        open(slot, 1);
        open(other, 1);
        events.readValuesToList();

        send(request(slot));
        send(request(other));

        assertThat(events.readKeyValuesToList())
                .extracting(kv -> kv.key, kv -> kv.value.getClass())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(slot.toString(), BookingConfirmed.class),
                        org.assertj.core.groups.Tuple.tuple(other.toString(), BookingConfirmed.class));
    }

    @Test
    void anUnreadableCommandGoesToTheDeadLetterTopicAndProcessingContinues() {
        open(slot, 1);
        events.readValuesToList();

        rawCommands.pipeInput(slot.toString(), "{this is not json");
        rawCommands.pipeInput(slot.toString(), "{\"type\":\"BookingRequested\",\"slotId\":\"" + slot + "\"}");
        BookingRequested next = request(slot);
        send(next);

        List<ProducerRecord<byte[], byte[]>> parked = deadLetters.history();
        assertThat(parked).hasSize(2);
        assertThat(parked).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo("booking-commands.DLT");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(slot.toString());
            assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("booking-commands");
            assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("cannot read BookingCommand");
        });
        assertThat(new String(parked.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{this is not json");
        assertThat(header(parked.get(1), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("eventId");

        assertThat(events.readValuesToList())
                .singleElement()
                .isInstanceOfSatisfying(BookingConfirmed.class, c -> assertThat(c.bookingId())
                        .isEqualTo(next.bookingId()));
    }

    @Test
    void decisionsAreCountedByOutcome() {
        open(slot, 1);
        BookingRequested first = request(slot);
        send(first);
        send(request(slot));
        send(request(UUID.randomUUID()));
        send(cancel(first));

        assertThat(count("confirmed", "none")).isEqualTo(1);
        assertThat(count("rejected", "slot_taken")).isEqualTo(1);
        assertThat(count("rejected", "slot_not_found")).isEqualTo(1);
        assertThat(count("cancelled", "requested")).isEqualTo(1);
    }

    @Test
    void theSameCommandsReplayedOnAFreshStoreMakeTheSameFacts() {
        List<BookingCommand> script = List.of(
                openCommand(slot, 1), request(slot), request(slot), close(slot));
        script.forEach(this::send);
        List<BookingEvent> first = events.readValuesToList();

        driver.close();
        startDriver();
        script.forEach(this::send);

        assertThat(events.readValuesToList()).isEqualTo(first);
    }

    // holds

    @Test
    void aHoldRequestForAFreePlaceIsHeldUntilTheHoldDurationAfterTheRequest() {
        open(slot, 2);
        BookingRequested request = holdRequest(slot);
        send(request);

        assertThat(events.readValuesToList()).singleElement().isEqualTo(new BookingHeld(
                EventIds.derive(request.eventId(), "held"),
                request.occurredAt(),
                slot,
                request.bookingId(),
                request.userId(),
                request.occurredAt().plus(HOLD),
                false));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.booked()).as("a held place counts as taken").isEqualTo(1);
            assertThat(a.held()).isEqualTo(1);
            assertThat(a.available()).isEqualTo(1);
        });
    }

    @Test
    void aHeldPlaceCountsAsTakenSoTheNextRequestIsRejected() {
        open(slot, 1);
        send(holdRequest(slot));
        drain();

        send(request(slot));

        assertThat(rejectionReasons()).containsExactly(RejectionReason.SLOT_TAKEN);
    }

    @Test
    void confirmingALiveHoldConfirmsItAndItNeverExpires() {
        open(slot, 1);
        BookingRequested request = holdRequest(slot);
        send(request);
        drain();
        HoldConfirmationRequested confirmation = confirmHold(request, request.occurredAt().plus(HOLD).minusMillis(1));

        send(confirmation);

        assertThat(events.readValuesToList()).singleElement().isEqualTo(new BookingConfirmed(
                EventIds.derive(confirmation.eventId(), "confirmed"),
                confirmation.occurredAt(),
                slot,
                request.bookingId(),
                request.userId()));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.booked()).isEqualTo(1);
            assertThat(a.held()).isZero();
        });
        assertThat(expiryIndex()).as("a confirmed hold leaves the expiry index").isEmpty();
        driver.advanceWallClockTime(HOLD.multipliedBy(2));
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void aHoldNotConfirmedInTimeExpiresOnTheWallClockAndFreesItsPlace() {
        open(slot, 1);
        BookingRequested request = holdRequest(slot);
        send(request);
        drain();
        Instant expiresAt = request.occurredAt().plus(HOLD);
        assertThat(expiryIndex()).containsExactly(HoldExpiries.key(expiresAt, slot, request.bookingId()));

        driver.advanceWallClockTime(HOLD.minus(CHECK.multipliedBy(2)));
        assertThat(events.isEmpty()).as("not expired before its time").isTrue();
        driver.advanceWallClockTime(CHECK.multipliedBy(2));

        assertThat(events.readValuesToList()).singleElement().isEqualTo(new HoldExpired(
                EventIds.derive(request.bookingId(), "expired/" + expiresAt),
                expiresAt,
                slot,
                request.bookingId(),
                request.userId()));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.booked()).isZero();
            assertThat(a.available()).isEqualTo(1);
        });
        assertThat(expiryIndex()).isEmpty();
        assertThat(count("expired", "none")).isEqualTo(1);
        send(confirmHold(request, expiresAt.plusSeconds(1)));
        assertThat(events.isEmpty()).as("confirming an expired hold changes nothing").isTrue();
    }

    @Test
    void confirmingAHoldAtOrAfterItsExpiryExpiresItInsteadWithTheIdThePunctuatorWouldUse() {
        open(slot, 1);
        BookingRequested request = holdRequest(slot);
        send(request);
        drain();
        Instant expiresAt = request.occurredAt().plus(HOLD);

        send(confirmHold(request, expiresAt));

        assertThat(events.readValuesToList()).singleElement().isEqualTo(new HoldExpired(
                EventIds.derive(request.bookingId(), "expired/" + expiresAt),
                expiresAt,
                slot,
                request.bookingId(),
                request.userId()));
        driver.advanceWallClockTime(HOLD.multipliedBy(2));
        assertThat(events.isEmpty()).as("expired once").isTrue();
    }

    @Test
    void confirmingABookingThatIsNotHeldChangesNothing() {
        open(slot, 1);
        BookingRequested confirmed = request(slot);
        send(confirmed);
        BookingRequested waiting = waitlistRequest(slot);
        send(waiting);
        drain();

        send(confirmHold(confirmed, BEFORE_START.plusSeconds(5)));
        send(confirmHold(waiting, BEFORE_START.plusSeconds(5)));
        send(confirmHold(requestAt(slot, BEFORE_START), BEFORE_START.plusSeconds(5)));
        send(confirmHold(requestAt(UUID.randomUUID(), BEFORE_START), BEFORE_START.plusSeconds(5)));

        assertThat(events.isEmpty()).isTrue();
        assertThat(availability.isEmpty()).isTrue();
    }

    @Test
    void releasingAHoldCancelsItAndOffersThePlaceToTheFirstInLine() {
        open(slot, 1);
        BookingRequested holder = holdRequest(slot);
        send(holder);
        BookingRequested waiter = waitlistRequest(slot);
        send(waiter);
        drain();
        BookingCancellationRequested release = cancel(holder);

        send(release);

        assertThat(events.readValuesToList()).containsExactly(
                new BookingCancelled(EventIds.derive(release.eventId(), "cancelled"), release.occurredAt(), slot,
                        holder.bookingId(), holder.userId(), CancellationReason.REQUESTED),
                new BookingHeld(EventIds.derive(release.eventId(), "offered/" + waiter.bookingId()),
                        release.occurredAt(), slot, waiter.bookingId(), waiter.userId(),
                        release.occurredAt().plus(HOLD), true));
        assertThat(expiryIndex()).containsExactly(
                HoldExpiries.key(release.occurredAt().plus(HOLD), slot, waiter.bookingId()));
    }

    // waitlist

    @Test
    void aFullSlotPutsWaitlistRequestsInLineAndRejectsTheOthers() {
        open(slot, 1);
        send(request(slot));
        drain();
        BookingRequested first = waitlistRequest(slot);
        BookingRequested plain = request(slot);
        BookingRequested second = waitlistRequest(slot);

        send(first);
        send(plain);
        send(second);

        List<BookingEvent> decided = events.readValuesToList();
        assertThat(decided).hasSize(3);
        assertThat(decided.get(0)).isEqualTo(new BookingWaitlisted(EventIds.derive(first.eventId(), "waitlisted"),
                first.occurredAt(), slot, first.bookingId(), first.userId(), 1));
        assertThat(decided.get(1)).isInstanceOfSatisfying(BookingRejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.SLOT_TAKEN));
        assertThat(decided.get(2)).isInstanceOfSatisfying(BookingWaitlisted.class,
                w -> assertThat(w.position()).isEqualTo(2));
        assertThat(availability.readValuesToList()).extracting(SlotAvailability::waiting).containsExactly(1, 2);
    }

    @Test
    void aWaitlistRequestForASlotWithRoomIsSimplyConfirmed() {
        open(slot, 1);
        BookingRequested request = waitlistRequest(slot);

        send(request);

        assertThat(events.readValuesToList()).singleElement().isInstanceOf(BookingConfirmed.class);
    }

    @Test
    void cancellingAConfirmedBookingOffersThePlaceToTheFirstWaiterAndMovesTheOthersUp() {
        open(slot, 1);
        BookingRequested booked = request(slot);
        send(booked);
        BookingRequested first = waitlistRequest(slot);
        BookingRequested second = waitlistRequest(slot);
        send(first);
        send(second);
        drain();
        BookingCancellationRequested cancellation = cancel(booked);

        send(cancellation);

        assertThat(events.readValuesToList()).containsExactly(
                new BookingCancelled(EventIds.derive(cancellation.eventId(), "cancelled"), cancellation.occurredAt(),
                        slot, booked.bookingId(), booked.userId(), CancellationReason.REQUESTED),
                new BookingHeld(EventIds.derive(cancellation.eventId(), "offered/" + first.bookingId()),
                        cancellation.occurredAt(), slot, first.bookingId(), first.userId(),
                        cancellation.occurredAt().plus(HOLD), true),
                new WaitlistPositionChanged(EventIds.derive(cancellation.eventId(), "position/" + second.bookingId()),
                        cancellation.occurredAt(), slot, second.bookingId(), second.userId(), 1));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.booked()).isEqualTo(1);
            assertThat(a.held()).isEqualTo(1);
            assertThat(a.waiting()).isEqualTo(1);
            assertThat(a.available()).isZero();
        });
        assertThat(count("held", "offered")).isEqualTo(1);
        assertThat(count("moved_up", "none")).isEqualTo(1);
    }

    @Test
    void anExpiredHoldOffersThePlaceToTheFirstWaiterWithAFreshHoldThatExpiresInTurn() {
        open(slot, 1);
        BookingRequested holder = holdRequest(slot);
        BookingRequested first = waitlistRequest(slot);
        BookingRequested second = waitlistRequest(slot);
        send(holder);
        send(first);
        send(second);
        drain();
        Instant expiresAt = holder.occurredAt().plus(HOLD);
        UUID expiryId = EventIds.derive(holder.bookingId(), "expired/" + expiresAt);

        driver.advanceWallClockTime(HOLD);
        Instant found = BEFORE_START.plus(HOLD);

        assertThat(events.readValuesToList()).containsExactly(
                new HoldExpired(expiryId, expiresAt, slot, holder.bookingId(), holder.userId()),
                new BookingHeld(EventIds.derive(expiryId, "offered/" + first.bookingId()), found, slot,
                        first.bookingId(), first.userId(), found.plus(HOLD), true),
                new WaitlistPositionChanged(EventIds.derive(expiryId, "position/" + second.bookingId()), found, slot,
                        second.bookingId(), second.userId(), 1));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.held()).isEqualTo(1);
            assertThat(a.waiting()).isEqualTo(1);
        });

        driver.advanceWallClockTime(HOLD);

        assertThat(events.readValuesToList()).extracting(e -> e.getClass().getSimpleName(), e -> ((BookingDecision) e).bookingId())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("HoldExpired", first.bookingId()),
                        org.assertj.core.groups.Tuple.tuple("BookingHeld", second.bookingId()));
    }

    @Test
    void leavingTheWaitlistCancelsTheWaitingBookingAndMovesUpOnlyThoseBehindIt() {
        open(slot, 1);
        send(request(slot));
        BookingRequested first = waitlistRequest(slot);
        BookingRequested second = waitlistRequest(slot);
        BookingRequested third = waitlistRequest(slot);
        send(first);
        send(second);
        send(third);
        drain();
        BookingCancellationRequested leave = cancel(second);

        send(leave);

        assertThat(events.readValuesToList()).containsExactly(
                new BookingCancelled(EventIds.derive(leave.eventId(), "cancelled"), leave.occurredAt(), slot,
                        second.bookingId(), second.userId(), CancellationReason.REQUESTED),
                new WaitlistPositionChanged(EventIds.derive(leave.eventId(), "position/" + third.bookingId()),
                        leave.occurredAt(), slot, third.bookingId(), third.userId(), 2));
        assertThat(availability.readValuesToList()).extracting(SlotAvailability::waiting).containsExactly(2);
        send(leave);
        assertThat(events.isEmpty()).as("leaving twice changes nothing").isTrue();
    }

    @Test
    void closingASlotCancelsConfirmedHeldAndWaitingBookingsAndNoHoldExpiresAfterwards() {
        open(slot, 2);
        BookingRequested confirmed = request(slot);
        BookingRequested held = holdRequest(slot);
        BookingRequested waiting = waitlistRequest(slot);
        send(confirmed);
        send(held);
        send(waiting);
        drain();

        send(close(slot));

        assertThat(events.readValuesToList()).filteredOn(BookingCancelled.class::isInstance)
                .extracting(e -> ((BookingCancelled) e).bookingId(), e -> ((BookingCancelled) e).reason())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(confirmed.bookingId(), CancellationReason.SLOT_CLOSED),
                        org.assertj.core.groups.Tuple.tuple(held.bookingId(), CancellationReason.SLOT_CLOSED),
                        org.assertj.core.groups.Tuple.tuple(waiting.bookingId(), CancellationReason.SLOT_CLOSED));
        assertThat(availability.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.booked()).isZero();
            assertThat(a.held()).isZero();
            assertThat(a.waiting()).isZero();
            assertThat(a.open()).isFalse();
        });
        driver.advanceWallClockTime(HOLD.multipliedBy(2));
        assertThat(events.isEmpty()).isTrue();
        assertThat(expiryIndex()).isEmpty();
    }

    @Test
    void redeliveredHoldAndWaitlistRequestsAreNotDecidedAgain() {
        open(slot, 1);
        BookingRequested held = holdRequest(slot);
        BookingRequested waiting = waitlistRequest(slot);
        send(held);
        send(waiting);
        drain();

        send(held);
        send(waiting);

        assertThat(events.isEmpty()).isTrue();
        assertThat(store().get(slot.toString()).waitlist()).hasSize(1);
    }

    @Test
    void theHoldExpiryIndexIsAChangeloggedStore() {
        open(slot, 1);
        send(holdRequest(slot));

        assertThat(driver.producedTopicNames()).contains(
                "slot-decisions-test-" + SlotDecisionProcessor.HOLD_EXPIRY_STORE + "-changelog",
                "slot-decisions-test-" + SlotDecisionProcessor.SLOT_STATE_STORE + "-changelog");
    }

    // fixtures

    /** Opens a slot and drops the facts of opening, which {@link #openingASlotPublishesItAndItsAvailabilityOnce} checks. */
    private void open(UUID slotId, int capacity) {
        send(openCommand(slotId, capacity));
        events.readValuesToList();
        availability.readValuesToList();
    }

    private static SlotOpened openCommand(UUID slotId, int capacity) {
        return new SlotOpened(
                UUID.randomUUID(),
                BEFORE_START.minus(Duration.ofDays(1)),
                slotId,
                CATEGORY,
                STARTS_AT,
                STARTS_AT.plus(Duration.ofHours(1)),
                capacity);
    }

    private static BookingRequested request(UUID slotId) {
        return requestAt(slotId, BEFORE_START);
    }

    private static BookingRequested requestAt(UUID slotId, Instant at) {
        return new BookingRequested(UUID.randomUUID(), at, slotId, UUID.randomUUID(), UUID.randomUUID());
    }

    private static BookingRequested holdRequest(UUID slotId) {
        return new BookingRequested(
                UUID.randomUUID(), BEFORE_START, slotId, UUID.randomUUID(), UUID.randomUUID(), true, false, null, null, null);
    }

    private static BookingRequested waitlistRequest(UUID slotId) {
        return new BookingRequested(
                UUID.randomUUID(), BEFORE_START, slotId, UUID.randomUUID(), UUID.randomUUID(), false, true, null, null, null);
    }

    private static HoldConfirmationRequested confirmHold(BookingRequested request, Instant at) {
        return new HoldConfirmationRequested(
                UUID.randomUUID(), at, request.slotId(), request.bookingId(), request.userId());
    }

    private void drain() {
        events.readValuesToList();
        availability.readValuesToList();
    }

    private List<String> expiryIndex() {
        List<String> keys = new java.util.ArrayList<>();
        KeyValueStore<String, String> index = driver.getKeyValueStore(SlotDecisionProcessor.HOLD_EXPIRY_STORE);
        try (var all = index.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    private static BookingCancellationRequested cancel(BookingRequested request) {
        return new BookingCancellationRequested(
                UUID.randomUUID(),
                request.occurredAt().plusSeconds(60),
                request.slotId(),
                request.bookingId(),
                request.userId());
    }

    private static SlotClosed close(UUID slotId) {
        return new SlotClosed(UUID.randomUUID(), BEFORE_START.plusSeconds(3600), slotId);
    }

    private void send(BookingCommand command) {
        commands.pipeInput(command.slotId().toString(), command);
    }

    private List<RejectionReason> rejectionReasons() {
        return events.readValuesToList().stream()
                .map(e -> ((BookingRejected) e).reason())
                .toList();
    }

    private KeyValueStore<String, SlotState> store() {
        return driver.getKeyValueStore(SlotDecisionProcessor.SLOT_STATE_STORE);
    }

    private double count(String outcome, String reason) {
        var counter = meters.find(DecisionMetrics.DECISIONS)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
