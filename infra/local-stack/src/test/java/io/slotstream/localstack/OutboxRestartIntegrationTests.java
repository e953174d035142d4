package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.testsupport.ApiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests committed while nothing publishes the outbox are decided once booking-api is back after a crash. */
class OutboxRestartIntegrationTests {

    static RunningStack stack;

    @BeforeAll
    static void start() {
        stack = RunningStack.start("restart");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void everyRequestCommittedBeforeTheApiCrashedIsDecidedAfterItComesBack() {
        List<UUID> slots = BookingRaceIntegrationTests.createSlots(stack.admin(), 5, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.count("select count(*) from outbox") == 0);

        // an API whose relay is off: requests commit, their commands stay in the outbox
        stack.restartBookingApi(Map.of("slotstream.outbox.enabled", "false"));
        for (int u = 0; u < 8; u++) {
            ApiClient user = stack.browser();
            assertThat(user.register("restarter" + u, "restart password").status()).isEqualTo(201);
            for (UUID slot : slots) {
                assertThat(user.post("/api/bookings", Map.of("slotId", slot.toString())).status()).isEqualTo(202);
            }
        }
        assertThat(stack.count("select count(*) from outbox")).isEqualTo(40);
        assertThat(stack.count("select count(*) from bookings where status = 'PENDING'")).isEqualTo(40);

        // killed between commit and publish; the next instance publishes what is left
        stack.crashAndRestartBookingApi(Map.of());

        await().atMost(Duration.ofSeconds(60)).until(() -> stack.count("select count(*) from bookings where status = 'PENDING'") == 0);
        assertThat(stack.count("select count(*) from outbox")).isZero();
        Map<UUID, Long> confirmedPerSlot = stack.jdbc()
                .sql("select slot_id, count(*) from bookings where status = 'CONFIRMED' group by slot_id")
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        // capacity 2 on every slot: exactly two winners each, the other six rejected
        assertThat(confirmedPerSlot).hasSize(5).allSatisfy((slot, confirmed) -> assertThat(confirmed).isEqualTo(2L));
        assertThat(stack.count("select count(*) from bookings where status = 'REJECTED'")).isEqualTo(30);
    }
}
