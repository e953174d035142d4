package io.slotstream.processor.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.SlotOpened;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor alone, with Kafka Streams' mock context: what it stores and what it forwards. */
class SlotDecisionProcessorTests {

    private static final Instant STARTS_AT = Instant.parse("2030-03-01T10:00:00Z");

    private final MockProcessorContext<String, SlotMessage> context = new MockProcessorContext<>();
    private final SlotDecisionProcessor processor =
            new SlotDecisionProcessor(new SlotRules(2), new DecisionMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(1));
    private final UUID slot = UUID.randomUUID();
    private KeyValueStore<String, SlotState> store;

    @BeforeEach
    void initProcessor() {
        store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(SlotDecisionProcessor.SLOT_STATE_STORE),
                        Serdes.String(),
                        SlotState.serde())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, String> expiries = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(SlotDecisionProcessor.HOLD_EXPIRY_STORE),
                        Serdes.String(),
                        Serdes.String())
                .withLoggingDisabled()
                .build();
        expiries.init(context.getStateStoreContext(), expiries);
        context.addStateStore(expiries);
        processor.init(context);
    }

    @Test
    void aConfirmedRequestBecomesAHolderAndIsForwardedKeyedBySlot() {
        process(new SlotOpened(UUID.randomUUID(), STARTS_AT.minusSeconds(3600), slot, 1, STARTS_AT, STARTS_AT.plusSeconds(1800), 2));
        context.resetForwards();
        BookingRequested request =
                new BookingRequested(UUID.randomUUID(), STARTS_AT.minusSeconds(60), slot, UUID.randomUUID(), UUID.randomUUID());

        process(request);

        assertThat(store.get(slot.toString()).holders())
                .containsExactly(new SlotState.Holder(request.bookingId(), request.userId()));
        assertThat(context.forwarded())
                .extracting(f -> f.record().key(), f -> f.record().value().getClass())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(slot.toString(), BookingConfirmed.class),
                        org.assertj.core.groups.Tuple.tuple(slot.toString(), SlotAvailability.class));
    }

    @Test
    void theRememberedDecisionsAreBoundedOldestFirstOut() {
        process(new SlotOpened(UUID.randomUUID(), STARTS_AT.minusSeconds(3600), slot, 1, STARTS_AT, STARTS_AT.plusSeconds(1800), 1));
        for (int i = 0; i < 5; i++) {
            process(new BookingRequested(UUID.randomUUID(), STARTS_AT.minusSeconds(60), slot, UUID.randomUUID(), UUID.randomUUID()));
        }

        assertThat(store.get(slot.toString()).decided()).hasSize(2);
    }

    @Test
    void itSchedulesTheExpiryCheckOnWallClockTime() {
        assertThat(context.scheduledPunctuators()).singleElement().satisfies(punctuator -> {
            assertThat(punctuator.getType()).isEqualTo(org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME);
            assertThat(punctuator.getInterval()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void aRecordWithoutValueIsIgnored() {
        processor.process(new Record<>(slot.toString(), null, 0L));

        assertThat(context.forwarded()).isEmpty();
        assertThat(store.get(slot.toString())).isNull();
    }

    private void process(BookingCommand command) {
        processor.process(new Record<>(command.slotId().toString(), command, command.occurredAt().toEpochMilli()));
    }
}
