package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two booking-api instances on one database (sharing the outbox relay lock and the decision consumer group) during a
 * booking race; one is killed with SIGKILL in the middle and started again on its port. The outbox is relayed by
 * whichever instance holds the lock, with nothing lost; a command published twice (the crash came after Kafka's
 * acknowledgement and before the delete committed) carries the same {@code eventId}, so it is a duplicate downstream
 * can recognise and the processor ignores; every decision is applied exactly once.
 */
class ApiCrashFaultIntegrationTests {

    static final int CAPACITY = 2;
    static RunningStack stack;
    static ServiceProcess second;

    @BeforeAll
    static void start() {
        stack = RunningStack.start("api-crash");
        second = stack.stack.startBookingApi("booking-api-b", 0, Map.of());
    }

    @AfterAll
    static void stop() {
        second.close();
        stack.close();
    }

    @Test
    void oneOfTwoInstancesKilledMidRaceRelaysNothingTwiceUnderAnotherIdAndLosesNothing() throws Exception {
        List<UUID> slots = BookingRaceIntegrationTests.createSlots(stack.admin(), 10, CAPACITY);
        List<ApiClient> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ApiClient user = i % 2 == 0 ? stack.browser() : new ApiClient("http://127.0.0.1:" + second.port());
            assertThat(user.register("twin" + i, "fault password 1").status()).isEqualTo(201);
            users.add(user);
        }
        Future<List<String>> race = RaceChecks.race(stack, users, slots);

        RaceChecks.awaitDecided(stack, slots, 10);
        int port = stack.api.port();
        stack.api.kill();
        long decidedAtKill = RaceChecks.decided(stack, slots);
        // its clients retry under their keys until it is back on the same port
        stack.api = stack.stack.startBookingApi("booking-api-a-again", port, Map.of());

        List<String> accepted = race.get(6, TimeUnit.MINUTES);
        assertThat(decidedAtKill).as("the kill came in the middle of the race").isLessThan(accepted.size());
        RaceChecks.assertEveryRequestDecidedOnceAndNoSlotOverbooked(stack, slots, CAPACITY, accepted);

        // downstream eyes on booking-commands: one eventId per booking request, however often it was published
        Map<UUID, Set<UUID>> eventIdsPerBooking = new HashMap<>();
        Map<UUID, Integer> copies = new HashMap<>();
        Topics topics = Topics.defaults();
        Set<UUID> ours = new HashSet<>(slots);
        try (KafkaConsumer<String, BookingCommand> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.servers.kafkaBootstrapServers()),
                topics.bookingCommands().keySerde().deserializer(), topics.bookingCommands().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.bookingCommands().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, BookingCommand> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof BookingRequested request && ours.contains(request.slotId())) {
                        eventIdsPerBooking.computeIfAbsent(request.bookingId(), id -> new HashSet<>()).add(request.eventId());
                        copies.merge(request.bookingId(), 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(eventIdsPerBooking).hasSize(accepted.size());
        assertThat(eventIdsPerBooking.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        long republished = copies.values().stream().filter(c -> c > 1).count();
        org.slf4j.LoggerFactory.getLogger(getClass()).info("Commands published more than once after the crash: {}", republished);
    }
}
