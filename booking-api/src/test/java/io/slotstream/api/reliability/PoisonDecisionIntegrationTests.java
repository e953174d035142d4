package io.slotstream.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * A record on {@code booking-events} that booking-api's decision consumer cannot read goes to
 * {@code booking-events.DLT} with the reason in its headers, and the decision behind it on the same partition is
 * applied: one bad record never stops the bookings of a slot.
 */
class PoisonDecisionIntegrationTests extends ReliabilityTestBase {

    @Test
    void anUnreadableDecisionIsDeadLetteredAndTheNextDecisionOnThePartitionIsApplied() throws Exception {
        UUID slot = createSlot(admin(), daysAhead(9), 1, 2);
        ApiClient user = signedInUser();
        String bookingId = user.post("/api/bookings", Map.of("slotId", slot.toString())).json().get("id").asString();
        UUID userId = jdbc.sql("select user_id from bookings where id = :id").param("id", UUID.fromString(bookingId))
                .query(UUID.class).single();
        Topics topics = Topics.defaults();
        String poison = "{\"type\":\"BookingConfirmed\",\"bookingId\":\"" + bookingId + "\",\"occurredAt\":\"yesterday\"}";
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers());
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer());
                KafkaProducer<String, BookingEvent> events = new KafkaProducer<>(
                        producer, new StringSerializer(), topics.bookingEvents().valueSerde().serializer())) {
            raw.send(new ProducerRecord<>(topics.bookingEvents().name(), slot.toString(), poison)).get();
            events.send(new ProducerRecord<>(topics.bookingEvents().name(), slot.toString(), new BookingConfirmed(
                    UUID.randomUUID(), Instant.now(), slot, UUID.fromString(bookingId), userId))).get();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> "CONFIRMED".equals(
                jdbc.sql("select status from bookings where id = :id").param("id", UUID.fromString(bookingId)).query(String.class).single()));

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "api-dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.bookingEvents().name() + ".DLT"));
            List<ConsumerRecord<String, byte[]>> parked = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (slot.toString().equals(r.key())) {
                        parked.add(r);
                    }
                });
                return !parked.isEmpty();
            });
            ConsumerRecord<String, byte[]> record = parked.get(0);
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(poison);
            assertThat(new String(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(topics.bookingEvents().name());
            assertThat(new String(record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(), StandardCharsets.UTF_8))
                    .isNotBlank();
        }
    }
}
