package io.slotstream.processor.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stored form of a slot's state. */
class SlotStateTests {

    @Test
    void aStateStoredBeforeHoldsAndWaitlistsStillReadsWithNoneOfEither() {
        String before = """
                {"categoryId":7,"startsAt":"2030-03-01T10:00:00Z","endsAt":"2030-03-01T11:00:00Z","capacity":2,
                 "open":true,"holders":[{"bookingId":"0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30",
                 "userId":"5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49"}],"decided":["0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30"]}
                """;

        SlotState read = SlotState.serde().deserializer()
                .deserialize("slot-state", before.getBytes(StandardCharsets.UTF_8));

        assertThat(read.holds()).isEmpty();
        assertThat(read.waitlist()).isEmpty();
        assertThat(read.booked()).isEqualTo(1);
        assertThat(read.available()).isEqualTo(1);
    }
}
