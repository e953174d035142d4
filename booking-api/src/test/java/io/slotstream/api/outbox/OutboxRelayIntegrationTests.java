package io.slotstream.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.events.SlotClosed;
import io.slotstream.events.Topic;
import io.slotstream.events.TopicLayout;
import io.slotstream.events.TopicNames;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay against real PostgreSQL and Kafka, on a topic of its own so the numbers are the relay's alone. */
@SpringBootTest(properties = {"slotstream.outbox.idle-poll=20ms", "slotstream.decisions.group-id=relay-it"})
class OutboxRelayIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelayIntegrationTests.class);
    static final ServerEndpoints servers = SharedServers.withFreshDatabase("outbox_relay_it");
    static final String TOPIC = "outbox-relay-it";
    static final Topic<String, io.slotstream.events.BookingCommand> benchTopic =
            new Topic<>(TOPIC, Serdes.String(), Topics.defaults().bookingCommands().valueSerde());

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeAll
    static void topic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
        }
    }

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aRowCommittedAfterALaterOneWasPublishedIsStillPublished() throws Exception {
        UUID slot = UUID.randomUUID();
        SlotClosed early = new SlotClosed(UUID.randomUUID(), Instant.now(), slot);
        SlotClosed late = new SlotClosed(UUID.randomUUID(), Instant.now(), slot);
        CountDownLatch earlyInserted = new CountDownLatch(1);
        CountDownLatch lateRelayed = new CountDownLatch(1);
        Thread slowTransaction = new Thread(() -> transactions.executeWithoutResult(status -> {
            outbox.append(benchTopic, early); // takes the lower id, commits last
            earlyInserted.countDown();
            try {
                lateRelayed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        slowTransaction.start();
        assertThat(earlyInserted.await(10, TimeUnit.SECONDS)).isTrue();
        transactions.executeWithoutResult(status -> outbox.append(benchTopic, late));
        List<UUID> seen = readEventIds(1, Duration.ofSeconds(20));
        assertThat(seen).containsExactly(late.eventId());
        lateRelayed.countDown();
        slowTransaction.join();
        assertThat(readEventIds(1, Duration.ofSeconds(20))).containsExactly(early.eventId());
        // the delete commits just after Kafka acknowledged the send
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from outbox").query(Long.class).single() == 0);
    }

    @Test
    void aBacklogDrainsInOrderWithNothingLostAndTheRateIsLogged() {
        int count = 20_000;
        relay.stop();
        List<UUID> sent = new ArrayList<>(count);
        UUID slot = UUID.randomUUID();
        for (int batch = 0; batch < count / 1000; batch++) {
            List<SlotClosed> messages = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                SlotClosed message = new SlotClosed(UUID.randomUUID(), Instant.now(), slot);
                messages.add(message);
                sent.add(message.eventId());
            }
            transactions.executeWithoutResult(status -> outbox.appendAll(benchTopic, messages));
        }
        long started = System.nanoTime();
        relay.start();
        List<UUID> received = readEventIds(count, Duration.ofSeconds(120));
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("Outbox relay drained {} messages in {} s: {} messages/s", count, String.format("%.2f", seconds),
                Math.round(count / seconds));
        // one key, so one partition: the order of the outbox is the order on the topic
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(jdbc.sql("select count(*) from outbox").query(Long.class).single()).isZero();
    }

    @Test
    void relaysRunningAtOnceOverOneDatabasePublishEachRowOnceAndInOrder() throws Exception {
        // what several booking-api instances do: each runs a relay on the same outbox. The advisory lock lets one
        // batch be published at a time; without it the relays read the same rows and publish them twice.
        int count = 3_000;
        relay.stop();
        List<UUID> sent = new ArrayList<>(count);
        UUID slot = UUID.randomUUID();
        for (int batch = 0; batch < count / 500; batch++) {
            List<SlotClosed> messages = new ArrayList<>(500);
            for (int i = 0; i < 500; i++) {
                SlotClosed message = new SlotClosed(UUID.randomUUID(), Instant.now(), slot);
                messages.add(message);
                sent.add(message.eventId());
            }
            transactions.executeWithoutResult(status -> outbox.appendAll(benchTopic, messages));
        }
        readEventIds(Integer.MAX_VALUE, Duration.ofSeconds(2)); // past what earlier tests left on the topic
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> relays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (jdbc.sql("select count(*) from outbox").query(Long.class).single() > 0 && System.nanoTime() < deadline) {
                    relay.relayOnce();
                }
            });
            thread.start();
            relays.add(thread);
        }
        go.countDown();
        for (Thread thread : relays) {
            thread.join(90_000);
        }
        relay.start();
        List<UUID> received = readEventIds(count, Duration.ofSeconds(60));
        received.addAll(readEventIds(Integer.MAX_VALUE, Duration.ofSeconds(2))); // and nothing more behind them
        assertThat(received).as("each row once, in outbox order").containsExactlyElementsOf(sent);
    }

    private static KafkaConsumer<String, io.slotstream.events.BookingCommand> consumer;

    private List<UUID> readEventIds(int expected, Duration timeout) {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
                    benchTopic.keySerde().deserializer(), benchTopic.valueSerde().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        List<UUID> ids = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ids.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, io.slotstream.events.BookingCommand> record : consumer.poll(Duration.ofMillis(100))) {
                ids.add(record.value().eventId());
            }
        }
        return ids;
    }
}
