package io.slotstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application against a real broker: many concurrent requests, one winner per slot, one decision each. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamProcessorIntegrationTests {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant STARTS_AT = Instant.now().plus(Duration.ofDays(30));

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) throws Exception {
        SharedServers.get().endpoints().springProperties().forEach((name, value) -> registry.add(name, () -> value));
        Path stateDir = Files.createTempDirectory("stream-processor-it-");
        registry.add("slotstream.processor.application-id", () -> "slotstream-decisions-it-" + RUN);
        registry.add("slotstream.processor.state-dir", stateDir::toString);
    }

    @Autowired
    StreamsBuilderFactoryBean streams;

    @Autowired
    Topics topics;

    @Autowired
    @Qualifier("kafkaStreamsHealthIndicator")
    HealthIndicator health;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void concurrentRequestsGetOneConfirmationPerSlotAndOneDecisionEach() throws Exception {
        List<UUID> slots = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        int requestsPerSlot = 50;
        List<BookingRequested> requests = new ArrayList<>();
        for (UUID slot : slots) {
            for (int i = 0; i < requestsPerSlot; i++) {
                requests.add(new BookingRequested(
                        UUID.randomUUID(), Instant.now(), slot, UUID.randomUUID(), UUID.randomUUID()));
            }
        }
        Collections.shuffle(requests);

        try (KafkaProducer<String, BookingCommand> producer = producer()) {
            for (UUID slot : slots) {
                SlotOpened open = new SlotOpened(
                        UUID.randomUUID(), Instant.now(), slot, 1, STARTS_AT, STARTS_AT.plus(Duration.ofHours(1)), 1);
                producer.send(new ProducerRecord<>(topics.bookingCommands().name(), slot.toString(), open)).get();
            }
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (BookingRequested request : requests) {
                    sent.add(senders.submit(() -> producer.send(new ProducerRecord<>(
                                    topics.bookingCommands().name(), request.slotId().toString(), request))
                            .get()));
                }
                for (Future<?> future : sent) {
                    future.get();
                }
            } finally {
                senders.shutdown();
            }
        }

        Set<UUID> ours = Set.copyOf(slots);
        List<BookingDecision> decisions = new ArrayList<>();
        try (KafkaConsumer<String, BookingEvent> consumer = readCommittedConsumer()) {
            consumer.subscribe(List.of(topics.bookingEvents().name()));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, BookingEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (ours.contains(record.value().slotId()) && record.value() instanceof BookingDecision decision) {
                        decisions.add(decision);
                    }
                }
                return decisions.size() >= requests.size();
            });
            // anything extra (a doubled decision) would arrive within a few commit intervals
            Thread.sleep(500);
            consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                if (ours.contains(record.value().slotId()) && record.value() instanceof BookingDecision decision) {
                    decisions.add(decision);
                }
            });
        }

        assertThat(decisions).hasSize(requests.size());
        assertThat(decisions.stream().map(BookingDecision::bookingId).collect(Collectors.toSet()))
                .as("one decision per request")
                .isEqualTo(requests.stream().map(BookingRequested::bookingId).collect(Collectors.toSet()));
        Map<UUID, Long> confirmedPerSlot = decisions.stream()
                .filter(BookingConfirmed.class::isInstance)
                .collect(Collectors.groupingBy(BookingDecision::slotId, Collectors.counting()));
        assertThat(confirmedPerSlot).as("exactly one confirmation per slot of capacity 1")
                .containsOnlyKeys(ours)
                .allSatisfy((slot, count) -> assertThat(count).isOne());
        assertThat(decisions)
                .filteredOn(BookingRejected.class::isInstance)
                .allSatisfy(d -> assertThat(((BookingRejected) d).reason()).isEqualTo(RejectionReason.SLOT_TAKEN));
        assertThat(streams.getKafkaStreams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(meters.get("slotstream.decisions").tag("outcome", "confirmed").counter().count())
                .isGreaterThanOrEqualTo(slots.size());
    }

    @Test
    void kafkaStreamsRunsExactlyOnceWithTheConfiguredSettings() {
        var settings = streams.getStreamsConfiguration();
        assertThat(settings.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("slotstream-decisions-it-" + RUN);
        assertThat(settings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(settings.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50L);
        assertThat(settings.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(1);
        assertThat(streams.getStreamsUncaughtExceptionHandler()).isNotNull();
        await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus().equals(Status.UP));
    }

    @Test
    void healthIsServedOverHttp() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(200, 503);
        assertThat(response.body()).contains("kafkaStreams");
    }

    @Test
    void anUnreadableCommandIsParkedOnTheDeadLetterTopic() throws Exception {
        String key = "unreadable-" + RUN;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topics.bookingCommands().name(), key, "not json at all")).get();
        }

        Map<String, Object> settings = consumerSettings();
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(topics.bookingCommands().name() + ".DLT"));
            List<ConsumerRecord<String, byte[]>> parked = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        parked.add(record);
                    }
                });
                return !parked.isEmpty();
            });
            ConsumerRecord<String, byte[]> record = parked.get(0);
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
            assertThat(new String(record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(), StandardCharsets.UTF_8))
                    .contains("cannot read BookingCommand");
        }
        assertThat(streams.getKafkaStreams().state().isRunningOrRebalancing()).isTrue();
    }

    @Test
    void aCommandBehindAnUnreadableOneOnTheSamePartitionIsStillDecided() throws Exception {
        UUID slot = UUID.randomUUID();
        // the poison carries the slot's key, so it sits in the same partition just before the slot's commands
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            raw.send(new ProducerRecord<>(topics.bookingCommands().name(), slot.toString(),
                    "{\"type\":\"BookingRequested\",\"slotId\":\"" + slot + "\"}")).get();
        }
        BookingRequested request = new BookingRequested(UUID.randomUUID(), Instant.now(), slot, UUID.randomUUID(), UUID.randomUUID());
        try (KafkaProducer<String, BookingCommand> producer = producer()) {
            producer.send(new ProducerRecord<>(topics.bookingCommands().name(), slot.toString(), new SlotOpened(
                    UUID.randomUUID(), Instant.now(), slot, 1, STARTS_AT, STARTS_AT.plus(Duration.ofHours(1)), 1))).get();
            producer.send(new ProducerRecord<>(topics.bookingCommands().name(), slot.toString(), request)).get();
        }

        List<BookingDecision> decisions = new ArrayList<>();
        try (KafkaConsumer<String, BookingEvent> consumer = readCommittedConsumer()) {
            consumer.subscribe(List.of(topics.bookingEvents().name()));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, BookingEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof BookingDecision decision && decision.slotId().equals(slot)) {
                        decisions.add(decision);
                    }
                }
                return !decisions.isEmpty();
            });
        }
        assertThat(decisions).singleElement().isInstanceOfSatisfying(BookingConfirmed.class,
                confirmed -> assertThat(confirmed.bookingId()).isEqualTo(request.bookingId()));

        Map<String, Object> settings = consumerSettings();
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(topics.bookingCommands().name() + ".DLT"));
            List<ConsumerRecord<String, byte[]>> parked = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (slot.toString().equals(record.key())) {
                        parked.add(record);
                    }
                });
                return !parked.isEmpty();
            });
            assertThat(parked.get(0).headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)).isNotNull();
            assertThat(new String(parked.get(0).headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(), StandardCharsets.UTF_8))
                    .contains("cannot read BookingCommand");
        }
    }

    private static String bootstrapServers() {
        return SharedServers.get().endpoints().kafkaBootstrapServers();
    }

    private KafkaProducer<String, BookingCommand> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                topics.bookingCommands().keySerde().serializer(),
                topics.bookingCommands().valueSerde().serializer());
    }

    private KafkaConsumer<String, BookingEvent> readCommittedConsumer() {
        return new KafkaConsumer<>(
                consumerSettings(),
                topics.bookingEvents().keySerde().deserializer(),
                topics.bookingEvents().valueSerde().deserializer());
    }

    private static Map<String, Object> consumerSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "stream-processor-it-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return settings;
    }
}
