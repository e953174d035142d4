package io.slotstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.TopicLayout;
import io.slotstream.events.TopicNames;
import io.slotstream.events.Topics;
import io.slotstream.processor.crash.CrashMidCommitInterval;
import io.slotstream.processor.crash.CrashingStreamProcessor;
import io.slotstream.testsupport.SharedServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The window only exactly-once closes. The processor dies in the middle of a commit interval, after dozens of its
 * decisions have reached the broker but before the input offsets and the slot states that made them are committed
 * ({@link CrashMidCommitInterval}). The restarted processor reads those commands again with states that do not
 * remember them, so the remembered-decision check cannot recognise them: only the aborted transaction keeps the first
 * decisions from being read.
 *
 * <p>The processor runs in a child JVM on this module's test classpath ({@link CrashingStreamProcessor}), so that it
 * can die without any clean-up. Run with {@code -Dslotstream.test.processing-guarantee=at_least_once}, the same test
 * runs both processors at least once instead, and fails: requests are decided twice (see docs/reliability.md).
 */
class ExactlyOnceCrashIntegrationTests {

    private static final int SLOTS = 12;
    private static final int REQUESTS_PER_SLOT = 10;
    private static final int CAPACITY = 2;
    private static final Duration STARTUP = Duration.ofMinutes(3);

    @Test
    void decisionsSentBeforeACrashAreAbortedAndEveryRequestIsDecidedOnce() throws Exception {
        Run run = crashAndRestart(System.getProperty(CrashingStreamProcessor.GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2));

        assertThat(run.committed.keySet()).as("every request decided").isEqualTo(run.requested);
        assertThat(run.committed).as("decisions per booking, read committed")
                .allSatisfy((booking, count) -> assertThat(count).isOne());
        assertThat(run.uncommittedRecords).as("the aborted decisions did reach the broker before the crash")
                .isGreaterThan(run.requested.size());
        assertConfirmedWithinCapacity(run);
    }

    /** What {@code booking-events} holds after a crashed processor and its successor decided every request. */
    private record Run(
            Set<UUID> requested, Map<UUID, Long> committed, long uncommittedRecords, List<BookingDecision> decisions) {}

    private Run crashAndRestart(String guarantee) throws Exception {
        String id = guarantee.replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames names = new TopicNames("crash-" + id + "-commands", "crash-" + id + "-events", "crash-" + id + "-availability");
        Topics topics = Topics.named(names);
        Path stateDir = Files.createTempDirectory("stream-processor-crash-");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(TopicLayout.newTopics(names, 4, (short) 1)).all().get(1, TimeUnit.MINUTES);
        }
        Set<UUID> requested = produceCommands(topics);

        Process crashing = startProcessor(id, names, stateDir, guarantee, true);
        boolean crashed = crashing.waitFor(STARTUP.toMinutes(), TimeUnit.MINUTES);
        if (!crashed) {
            crashing.destroyForcibly();
        }
        assertThat(crashed).as("the processor crashed").isTrue();
        assertThat(crashing.exitValue()).as("exit status of the crash").isEqualTo(CrashMidCommitInterval.EXIT_STATUS);

        Process restarted = startProcessor(id, names, stateDir, guarantee, false);
        try {
            awaitCommandsConsumed("slotstream-crash-" + id, names.bookingCommands());
            awaitEveryRequestDecided(topics, requested);
        } finally {
            restarted.destroy();
            if (!restarted.waitFor(1, TimeUnit.MINUTES)) {
                restarted.destroyForcibly();
            }
        }
        awaitNoOpenTransaction(names.bookingEvents());
        List<BookingDecision> decisions = readDecisions(topics, "read_committed");
        Map<UUID, Long> perBooking = decisions.stream()
                .collect(Collectors.groupingBy(BookingDecision::bookingId, Collectors.counting()));
        long uncommitted = readDecisions(topics, "read_uncommitted").size();
        return new Run(requested, perBooking, uncommitted, decisions);
    }

    private static void assertConfirmedWithinCapacity(Run run) {
        Map<UUID, Long> confirmedPerSlot = run.decisions.stream()
                .filter(BookingConfirmed.class::isInstance)
                .collect(Collectors.groupingBy(BookingDecision::slotId, Collectors.counting()));
        assertThat(confirmedPerSlot).hasSize(SLOTS).allSatisfy((slot, count) -> assertThat(count).isEqualTo(CAPACITY));
    }

    private static Set<UUID> produceCommands(Topics topics) throws Exception {
        Instant startsAt = Instant.now().plus(Duration.ofDays(30));
        List<BookingRequested> requests = new ArrayList<>();
        try (KafkaProducer<String, BookingCommand> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                topics.bookingCommands().keySerde().serializer(),
                topics.bookingCommands().valueSerde().serializer())) {
            List<UUID> slots = new ArrayList<>();
            for (int i = 0; i < SLOTS; i++) {
                UUID slot = UUID.randomUUID();
                slots.add(slot);
                producer.send(record(topics, new SlotOpened(
                        UUID.randomUUID(), Instant.now(), slot, 1, startsAt, startsAt.plus(Duration.ofHours(1)), CAPACITY)));
            }
            for (int round = 0; round < REQUESTS_PER_SLOT; round++) {
                for (UUID slot : slots) {
                    BookingRequested request = new BookingRequested(
                            UUID.randomUUID(), Instant.now(), slot, UUID.randomUUID(), UUID.randomUUID());
                    requests.add(request);
                    producer.send(record(topics, request));
                }
            }
            producer.flush();
        }
        return requests.stream().map(BookingRequested::bookingId).collect(Collectors.toSet());
    }

    private static ProducerRecord<String, BookingCommand> record(Topics topics, BookingCommand command) {
        return new ProducerRecord<>(topics.bookingCommands().name(), command.slotId().toString(), command);
    }

    /** The processor in a child JVM; {@code armed} makes it die at the first commit after a decision. */
    private static Process startProcessor(String id, TopicNames names, Path stateDir, String guarantee, boolean armed)
            throws IOException {
        Path log = Path.of("target", "crash-" + id + (armed ? "-crashing" : "-restarted") + ".log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-D" + CrashingStreamProcessor.GUARANTEE + "=" + guarantee,
                "-D" + CrashMidCommitInterval.ARMED + "=" + armed,
                "-D" + CrashMidCommitInterval.EVENTS_TOPIC + "=" + names.bookingEvents(),
                CrashingStreamProcessor.class.getName(),
                "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                "--server.port=0",
                "--slotstream.processor.application-id=slotstream-crash-" + id,
                "--slotstream.processor.state-dir=" + stateDir,
                // the crashing one must not commit before the crash: it does its work well within this interval
                "--slotstream.processor.commit-interval=" + (armed ? "8s" : "50ms"),
                "--slotstream.topics.booking-commands=" + names.bookingCommands(),
                "--slotstream.topics.booking-events=" + names.bookingEvents(),
                "--slotstream.topics.slot-availability=" + names.slotAvailability(),
                // the crashed member leaves the group after its session times out; the broker's minimum keeps it short
                "--spring.kafka.streams.properties.session.timeout.ms=6000",
                "--spring.kafka.streams.properties.heartbeat.interval.ms=2000");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Waits until the processor's committed input offsets reach the end of every commands partition. */
    private static void awaitCommandsConsumed(String group, String commandsTopic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings("read_committed"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(commandsTopic).stream()
                    .map(p -> new TopicPartition(commandsTopic, p.partition()))
                    .toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(STARTUP.plusMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                return partitions.stream().allMatch(p -> committed.get(p) != null
                        && committed.get(p).offset() >= ends.get(p));
            });
        }
    }

    /** Waits until every request has a decision read committed (or fails after the startup timeout). */
    private static void awaitEveryRequestDecided(Topics topics, Set<UUID> requested) {
        Set<UUID> decided = new java.util.HashSet<>();
        try (KafkaConsumer<String, BookingEvent> consumer = new KafkaConsumer<>(
                consumerSettings("read_committed"),
                topics.bookingEvents().keySerde().deserializer(),
                topics.bookingEvents().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.bookingEvents().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(STARTUP).until(() -> {
                for (ConsumerRecord<String, BookingEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof BookingDecision decision) {
                        decided.add(decision.bookingId());
                    }
                }
                return decided.containsAll(requested);
            });
        }
    }

    /**
     * Waits until no transaction is open on the topic (the crashed processor's is aborted when its successor fences
     * it or when it times out), so that reading committed to the end reads everything.
     */
    private static void awaitNoOpenTransaction(String topic) {
        try (KafkaConsumer<byte[], byte[]> committed = new KafkaConsumer<>(consumerSettings("read_committed"));
                KafkaConsumer<byte[], byte[]> everything = new KafkaConsumer<>(consumerSettings("read_uncommitted"))) {
            List<TopicPartition> partitions = committed.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> committed.endOffsets(partitions).equals(everything.endOffsets(partitions)));
        }
    }

    /** Every decision on the events topic, read from the start to its end at the given isolation level. */
    private static List<BookingDecision> readDecisions(Topics topics, String isolation) {
        List<BookingDecision> decisions = new ArrayList<>();
        try (KafkaConsumer<String, BookingEvent> consumer = new KafkaConsumer<>(
                consumerSettings(isolation),
                topics.bookingEvents().keySerde().deserializer(),
                topics.bookingEvents().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.bookingEvents().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                for (ConsumerRecord<String, BookingEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof BookingDecision decision) {
                        decisions.add(decision);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return decisions;
    }

    private static Map<String, Object> consumerSettings(String isolation) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return settings;
    }

    private static String bootstrapServers() {
        return SharedServers.get().endpoints().kafkaBootstrapServers();
    }
}
