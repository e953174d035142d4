package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A booking race over HTTP that a fault test can break in the middle, and the checks that must hold afterwards: every
 * accepted request decided exactly once on {@code booking-events} (read committed), never more confirmations than
 * places, and the database in agreement with the topic.
 */
final class RaceChecks {

    private RaceChecks() {}

    /** Requests of every user for every slot, sent concurrently; returns the booking id per accepted request. */
    static Future<List<String>> race(RunningStack stack, List<ApiClient> users, List<UUID> slots) {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        Future<List<String>> result = runner.submit(() -> {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Answer>> answers = new ArrayList<>();
                for (int u = 0; u < users.size(); u++) {
                    ApiClient user = users.get(u);
                    for (UUID slot : slots) {
                        String key = "race-" + u + "-" + slot;
                        answers.add(pool.submit(() -> retryUntilAnswered(user, slot, key)));
                    }
                }
                List<String> ids = new ArrayList<>();
                for (Future<Answer> answer : answers) {
                    Answer a = answer.get();
                    assertThat(a.status()).as(a.body()).isIn(201, 202, 409);
                    ids.add(a.status() == 409 ? a.json().get("bookingId").asString() : a.json().get("id").asString());
                }
                return ids;
            } finally {
                pool.shutdown();
            }
        });
        runner.shutdown();
        return result;
    }

    /** A client that retries under its key until the API answers, as a browser would. */
    private static Answer retryUntilAnswered(ApiClient user, UUID slot, String key) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                Answer answer = user.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", key));
                if (answer.status() < 500 || attempt > 240) {
                    return answer;
                }
            } catch (RuntimeException connectionLost) {
                if (attempt > 240) {
                    throw connectionLost;
                }
            }
            Thread.sleep(500);
        }
    }

    static List<ApiClient> users(RunningStack stack, String prefix, int count) {
        List<ApiClient> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ApiClient user = stack.browser();
            Answer registered = user.register(prefix + i, "fault password 1");
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            users.add(user);
        }
        return users;
    }

    /** Waits until at least {@code decided} bookings of these slots have a decision in the database. */
    static void awaitDecided(RunningStack stack, List<UUID> slots, long decided) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> stack.jdbc()
                .sql("select count(*) from bookings where status <> 'PENDING' and slot_id in (:slots)")
                .param("slots", slots).query(Long.class).single() >= decided);
    }

    static long decided(RunningStack stack, List<UUID> slots) {
        return stack.jdbc().sql("select count(*) from bookings where status <> 'PENDING' and slot_id in (:slots)")
                .param("slots", slots).query(Long.class).single();
    }

    /** Everything that must hold once the race is over, whatever broke in the middle. */
    static void assertEveryRequestDecidedOnceAndNoSlotOverbooked(
            RunningStack stack, List<UUID> slots, int capacity, List<String> acceptedIds) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> stack.jdbc()
                .sql("select count(*) from bookings where status = 'PENDING' and slot_id in (:slots)")
                .param("slots", slots).query(Long.class).single() == 0);
        Map<UUID, String> database = stack.jdbc().sql("select id, status from bookings where slot_id in (:slots)")
                .param("slots", slots)
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(database.keySet().stream().map(UUID::toString).collect(Collectors.toSet()))
                .as("every accepted request is a booking, and there is no other")
                .isEqualTo(Set.copyOf(acceptedIds));
        Map<UUID, List<BookingDecision>> topic = decisionsOnTopic(stack, Set.copyOf(slots), database.size());
        topic.forEach((bookingId, decisions) -> {
            assertThat(decisions).as("decisions for booking %s", bookingId).hasSize(1);
            assertThat(database.get(bookingId)).isEqualTo(decisions.get(0) instanceof BookingConfirmed ? "CONFIRMED" : "REJECTED");
        });
        Map<UUID, Long> confirmedPerSlot = topic.values().stream().map(d -> d.get(0))
                .filter(BookingConfirmed.class::isInstance)
                .collect(Collectors.groupingBy(BookingDecision::slotId, Collectors.counting()));
        assertThat(confirmedPerSlot).as("confirmations per slot").hasSize(slots.size())
                .allSatisfy((slot, confirmed) -> assertThat(confirmed).isEqualTo((long) capacity));
        assertThat(stack.count("select count(*) from outbox")).isZero();
    }

    /** Every booking decision for the slots on booking-events, read committed, by booking id. */
    static Map<UUID, List<BookingDecision>> decisionsOnTopic(RunningStack stack, Set<UUID> slots, int expectedBookings) {
        Topics topics = Topics.defaults();
        Map<UUID, List<BookingDecision>> decisions = new HashMap<>();
        try (KafkaConsumer<String, BookingEvent> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.servers.kafkaBootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                topics.bookingEvents().keySerde().deserializer(), topics.bookingEvents().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.bookingEvents().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, BookingEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof BookingDecision decision && slots.contains(decision.slotId())) {
                        decisions.computeIfAbsent(decision.bookingId(), id -> new ArrayList<>()).add(decision);
                    }
                }
            }
        }
        assertThat(decisions).as("bookings with a decision on the topic").hasSize(expectedBookings);
        return decisions;
    }
}
