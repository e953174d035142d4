package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.RejectionReason;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline under contention, on real Kafka, PostgreSQL and Redis: HTTP, the outbox, the stream
 * processor's decision, and the decision applied back to the database.
 */
class BookingRaceIntegrationTests {

    static final int USERS = 50;
    static final int SLOTS = 20;
    static final String PASSWORD = "race password 1";
    static RunningStack stack;

    @BeforeAll
    static void start() {
        stack = RunningStack.start("race");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    record Attempt(ApiClient user, UUID slotId, String key) {}

    @Test
    void twoThousandConcurrentRequestsForTwentySlotsConfirmExactlyOnePerSlotAndDecideEveryRequest() throws Exception {
        List<UUID> slots = createSlots(stack.admin(), SLOTS, 1);
        List<ApiClient> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            ApiClient user = stack.browser();
            assertThat(user.register("racer" + i, PASSWORD).status()).isEqualTo(201);
            users.add(user);
        }
        // every user asks for every slot once (1,000 requests), and each request is retried once under the
        // same Idempotency-Key at the same time (1,000 more): 2,000 requests in all
        List<Attempt> attempts = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (UUID slot : slots) {
                Attempt attempt = new Attempt(users.get(u), slot, "u" + u + "-" + slot);
                attempts.add(attempt);
                attempts.add(attempt);
            }
        }
        Collections.shuffle(attempts, new Random(42));

        Map<String, Set<String>> bookingIdsByKey = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<Answer>> answers = new ArrayList<>();
        for (Attempt attempt : attempts) {
            answers.add(pool.submit(() -> {
                Answer answer = attempt.user().post("/api/bookings", Map.of("slotId", attempt.slotId().toString()),
                        Map.of("Idempotency-Key", attempt.key()));
                String id = answer.status() == 409 ? answer.json().get("bookingId").asString() : answer.json().get("id").asString();
                bookingIdsByKey.computeIfAbsent(attempt.key(), k -> ConcurrentHashMap.newKeySet()).add(id);
                return answer;
            }));
        }
        for (Future<Answer> answer : answers) {
            // 202 when new or still pending; a retry that arrives after the decision sees 201 or the 409 rejection
            assertThat(answer.get().status()).as(answer.get().body()).isIn(201, 202, 409);
        }
        pool.shutdown();
        assertThat(bookingIdsByKey).hasSize(USERS * SLOTS);
        assertThat(bookingIdsByKey.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));

        // none left pending, none lost (the class's other race writes bookings for slots of its own)
        String ofTheseSlots = ofSlots(slots);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> stack.jdbc()
                .sql("select count(*) from bookings where status = 'PENDING'" + ofTheseSlots).query(Long.class).single() == 0);
        Map<String, Long> byStatus = stack.jdbc().sql("select status, count(*) from bookings where true" + ofTheseSlots + " group by status")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of("CONFIRMED", (long) SLOTS, "REJECTED", (long) (USERS * SLOTS - SLOTS)));
        List<UUID> confirmedSlots = stack.jdbc().sql("select slot_id from bookings where status = 'CONFIRMED'" + ofTheseSlots).query(UUID.class).list();
        assertThat(confirmedSlots).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(slots);
        assertThat(stack.jdbc().sql("select count(*) from bookings where status = 'REJECTED' and reason <> 'SLOT_TAKEN'" + ofTheseSlots)
                .query(Long.class).single()).isZero();
        assertThat(stack.jdbc().sql("select count(*) from outbox").query(Long.class).single()).isZero();

        // the database and the booking-events topic agree, one decision per booking
        Map<UUID, String> databaseDecisions = stack.jdbc().sql("select id, status from bookings where true" + ofTheseSlots)
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<UUID, List<BookingDecision>> topicDecisions = decisionsOnTopic(new HashSet<>(slots), databaseDecisions.size());
        assertThat(topicDecisions.keySet()).isEqualTo(databaseDecisions.keySet());
        topicDecisions.forEach((bookingId, events) -> {
            assertThat(events).as("decisions for booking %s", bookingId).hasSize(1);
            BookingDecision event = events.get(0);
            String expected = event instanceof BookingRejected rejected
                    ? (rejected.reason() == RejectionReason.SLOT_TAKEN ? "REJECTED" : "WRONG-REASON")
                    : "CONFIRMED";
            assertThat(databaseDecisions.get(bookingId)).isEqualTo(expected);
        });
    }

    @Test
    void twoThousandPeopleRacingForTwentySlotsOfFivePlacesConfirmExactlyOneHundred() throws Exception {
        int capacity = 5;
        int people = 100;
        List<UUID> slots = createSlots(stack.admin(), SLOTS, capacity);
        List<ApiClient> users = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            ApiClient user = stack.browser();
            assertThat(user.register("crowd" + i, PASSWORD).status()).isEqualTo(201);
            users.add(user);
        }
        // every person asks for every slot once: 2,000 requests for 100 places
        List<Attempt> attempts = new ArrayList<>();
        for (int u = 0; u < people; u++) {
            for (UUID slot : slots) {
                attempts.add(new Attempt(users.get(u), slot, "c" + u + "-" + slot));
            }
        }
        Collections.shuffle(attempts, new Random(7));
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<Answer>> answers = new ArrayList<>();
        for (Attempt attempt : attempts) {
            answers.add(pool.submit(() -> attempt.user().post("/api/bookings",
                    Map.of("slotId", attempt.slotId().toString()), Map.of("Idempotency-Key", attempt.key()))));
        }
        for (Future<Answer> answer : answers) {
            assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(202);
        }
        pool.shutdown();

        String ofTheseSlots = ofSlots(slots);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> stack.jdbc()
                .sql("select count(*) from bookings where status = 'PENDING'" + ofTheseSlots).query(Long.class).single() == 0);
        Map<String, Long> byStatus = stack.jdbc().sql("select status, count(*) from bookings where true" + ofTheseSlots + " group by status")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of("CONFIRMED", 100L, "REJECTED", 1_900L));
        Map<UUID, Long> confirmedPerSlot = stack.jdbc()
                .sql("select slot_id, count(*) from bookings where status = 'CONFIRMED'" + ofTheseSlots + " group by slot_id")
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(confirmedPerSlot).hasSize(SLOTS).allSatisfy((slot, confirmed) -> assertThat(confirmed).isEqualTo(capacity));

        // the topic says the same: one decision per booking, five confirmations per slot
        Map<UUID, List<BookingDecision>> topicDecisions = decisionsOnTopic(new HashSet<>(slots), attempts.size());
        assertThat(topicDecisions).hasSize(attempts.size());
        assertThat(topicDecisions.values()).allSatisfy(events -> assertThat(events).hasSize(1));
        assertThat(topicDecisions.values().stream().filter(events -> !(events.get(0) instanceof BookingRejected)).count())
                .isEqualTo(100);
    }

    /** A condition on bookings: of these slots only. */
    private static String ofSlots(List<UUID> slots) {
        return " and slot_id in (" + slots.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")";
    }

    static List<UUID> createSlots(ApiClient admin, int count, int capacity) {
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        List<Map<String, Object>> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant startsAt = start.plus(Duration.ofHours(i));
            slots.add(Map.of("categoryId", 1 + i % 3, "startsAt", startsAt.toString(),
                    "endsAt", startsAt.plus(Duration.ofMinutes(45)).toString(), "capacity", capacity));
        }
        Answer created = admin.post("/api/admin/timeslots/batch", Map.of("slots", slots));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        List<UUID> ids = new ArrayList<>();
        created.json().forEach(slot -> ids.add(UUID.fromString(slot.get("id").asString())));
        return ids;
    }

    /** Every booking decision on booking-events for the given slots, read committed, by booking id. */
    static Map<UUID, List<BookingDecision>> decisionsOnTopic(Set<UUID> slots, int expectedBookings) {
        return RaceChecks.decisionsOnTopic(stack, slots, expectedBookings);
    }
}
