package io.slotstream.bench.jmh;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.EventSerdes;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.SlotOpened;
import io.slotstream.processor.decision.DecisionMetrics;
import io.slotstream.processor.decision.SlotDecisionProcessor;
import io.slotstream.processor.decision.SlotRules;
import io.slotstream.processor.decision.SlotState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The work the stream processor does per booking request, without Kafka: the rule itself ({@link SlotRules#decide}),
 * the slot state's JSON serde (the store serializes the whole state on every put, including the remembered decided
 * ids), reading a command off the wire, and the whole {@link SlotDecisionProcessor#process} against an in-memory store
 * with the production serde. {@code decided} is how many decided booking ids the slot already remembers: a contested
 * slot in a rush remembers every request up to {@code remembered-decisions} (1,000).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionHotPath {

    @Param({"10", "100", "1000"})
    int decided;

    private final SlotRules rules = new SlotRules(1000);
    private final Serde<SlotState> stateSerde = SlotState.serde();
    private final Serde<BookingCommand> commandSerde = EventSerdes.bookingCommand();
    private SlotState fullSlot;
    private SlotState openSlot;
    private BookingRequested request;
    private byte[] requestBytes;
    private byte[] fullSlotBytes;
    private MockProcessorContext<String, SlotMessage> context;
    private SlotDecisionProcessor processor;
    private KeyValueStore<String, SlotState> store;
    private UUID slotId;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        slotId = UUID.randomUUID();
        now = Instant.now();
        Instant startsAt = now.truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
        SlotOpened opened = new SlotOpened(UUID.randomUUID(), now, slotId, 1, startsAt, startsAt.plus(45, ChronoUnit.MINUTES), 1);
        SlotState state = rules.decide(null, opened).state();
        openSlot = state;
        for (int i = 0; i < decided; i++) {
            state = rules.decide(state, new BookingRequested(UUID.randomUUID(), now, slotId, UUID.randomUUID(), UUID.randomUUID())).state();
        }
        fullSlot = state;
        request = new BookingRequested(UUID.randomUUID(), now, slotId, UUID.randomUUID(), UUID.randomUUID());
        requestBytes = commandSerde.serializer().serialize("booking-commands", request);
        fullSlotBytes = stateSerde.serializer().serialize("slot-state", fullSlot);

        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(SlotDecisionProcessor.SLOT_STATE_STORE), Serdes.String(), SlotState.serde())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, String> expiries = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(SlotDecisionProcessor.HOLD_EXPIRY_STORE), Serdes.String(), Serdes.String())
                .withLoggingDisabled()
                .build();
        expiries.init(context.getStateStoreContext(), expiries);
        context.addStateStore(expiries);
        processor = new SlotDecisionProcessor(rules, new DecisionMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(1));
        processor.init(context);
        store.put(slotId.toString(), fullSlot);
    }

    /** A request for a full slot, the common case of a rush: one rejection. */
    @Benchmark
    public SlotRules.Outcome rejectOnFullSlot() {
        return rules.decide(fullSlot, request);
    }

    /** A request that wins the place: a confirmation and an availability fact. */
    @Benchmark
    public SlotRules.Outcome confirmOnOpenSlot() {
        return rules.decide(openSlot, request);
    }

    @Benchmark
    public byte[] serializeState() {
        return stateSerde.serializer().serialize("slot-state", fullSlot);
    }

    @Benchmark
    public SlotState deserializeState() {
        return stateSerde.deserializer().deserialize("slot-state", fullSlotBytes);
    }

    @Benchmark
    public BookingCommand deserializeCommand() {
        return commandSerde.deserializer().deserialize("booking-commands", requestBytes);
    }

    /**
     * The whole processor step for a new request on a full slot: read the state from the store (deserialize), decide,
     * write it back (serialize), forward the rejection. The state is put back afterwards so every call sees the same
     * number of remembered ids.
     */
    @Benchmark
    public int processRequestOnFullSlot() {
        BookingRequested fresh = new BookingRequested(UUID.randomUUID(), now, slotId, UUID.randomUUID(), UUID.randomUUID());
        processor.process(new Record<>(slotId.toString(), (BookingCommand) fresh, 0L));
        int forwarded = context.forwarded().size();
        context.resetForwards();
        store.put(slotId.toString(), fullSlot);
        return forwarded;
    }

    /** For a quick look without JMH: {@code java -cp ... io.slotstream.bench.jmh.DecisionHotPath}. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {DecisionHotPath.class.getName()});
    }

}
