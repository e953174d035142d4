package io.slotstream.processor.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotstream.events.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SlotStateSerdeTests {

    private final SlotStateSerde serde = new SlotStateSerde();

    @Test
    void aStateReadsBackEqualWithEveryKindOfEntry() {
        SlotState state = full(3, 40);
        byte[] bytes = serde.serialize("t", state);
        assertThat(bytes[0]).isEqualTo(SlotStateSerde.FORMAT_1);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(state);
    }

    @Test
    void theUnknownPlaceholderReadsBackEqual() {
        assertThat(serde.deserialize("t", serde.serialize("t", SlotState.unknown()))).isEqualTo(SlotState.unknown());
    }

    @Test
    void aStateStoredAsJsonByAnEarlierReleaseIsStillRead() {
        SlotState state = full(1, 5);
        byte[] json = new JsonSerde<>(SlotState.class).serialize("t", state);
        assertThat(json[0]).isEqualTo((byte) '{');
        assertThat(serde.deserialize("t", json)).isEqualTo(state);
    }

    @Test
    void aJsonStateWrittenBeforeHoldsAndWaitlistsExistedReadsWithThemEmpty() {
        String old = """
                {"categoryId":2,"startsAt":"2026-12-01T10:00:00Z","endsAt":"2026-12-01T11:00:00Z","capacity":1,"open":true,
                 "holders":[{"bookingId":"6f1c2b8e-4a35-4c2a-9b51-0e2d7f3a1c01","userId":"6f1c2b8e-4a35-4c2a-9b51-0e2d7f3a1c02"}],
                 "decided":["6f1c2b8e-4a35-4c2a-9b51-0e2d7f3a1c01"]}""";
        SlotState state = serde.deserialize("t", old.getBytes(StandardCharsets.UTF_8));
        assertThat(state.holders()).hasSize(1);
        assertThat(state.holds()).isEmpty();
        assertThat(state.waitlist()).isEmpty();
    }

    @Test
    void theBinaryFormIsAFractionOfTheJson() {
        SlotState state = full(1, 1000);
        int binary = serde.serialize("t", state).length;
        int json = new JsonSerde<>(SlotState.class).serialize("t", state).length;
        assertThat(binary).isLessThan(json / 2);
    }

    @Test
    void aTruncatedOrCorruptStateFailsAsASerializationErrorNotAnOutOfMemory() {
        byte[] bytes = serde.serialize("t", full(2, 10));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> serde.deserialize("t", truncated)).isInstanceOf(SerializationException.class);
        byte[] hugeCount = bytes.clone();
        // the holders' count sits right after the fixed header
        int countAt = 1 + 8 + 12 + 12 + 4 + 1;
        hugeCount[countAt] = 0x7f;
        assertThatThrownBy(() -> serde.deserialize("t", hugeCount)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize("t", new byte[] {9, 1, 2})).isInstanceOf(SerializationException.class);
    }

    private static SlotState full(int capacity, int decidedCount) {
        List<UUID> decided = new ArrayList<>();
        for (int i = 0; i < decidedCount; i++) {
            decided.add(UUID.randomUUID());
        }
        return new SlotState(
                7,
                Instant.parse("2026-12-01T10:00:00.123456789Z"),
                Instant.parse("2026-12-01T11:00:00Z"),
                capacity,
                true,
                List.of(new SlotState.Holder(UUID.randomUUID(), UUID.randomUUID())),
                decided,
                List.of(new SlotState.Hold(UUID.randomUUID(), UUID.randomUUID(), Instant.parse("2026-12-01T09:05:00Z"), true)),
                List.of(new SlotState.Waiter(UUID.randomUUID(), UUID.randomUUID()),
                        new SlotState.Waiter(UUID.randomUUID(), UUID.randomUUID())));
    }
}
