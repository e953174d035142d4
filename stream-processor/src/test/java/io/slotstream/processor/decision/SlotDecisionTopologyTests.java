package io.slotstream.processor.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.CancellationReason;
import io.slotstream.events.EventIds;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
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
                new ProcessorProperties("slot-decisions-test", stateDir, Duration.ofMillis(50), 1, 1000);
        Properties settings = new Properties();
        settings.putAll(StreamsSettings.of(processor, TopicProperties.defaults(), deadLetters));
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        assertThat(settings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);

        StreamsBuilder builder = new StreamsBuilder();
        new SlotDecisionTopology(topics, new SlotRules(1000), new DecisionMetrics(meters)).addTo(builder);
        driver = new TopologyTestDriver(builder.build(), settings);

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
