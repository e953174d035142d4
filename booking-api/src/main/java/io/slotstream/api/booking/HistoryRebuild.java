package io.slotstream.api.booking;

import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Rebuilds {@code booking_history} from {@code booking-events}: reads the topic from its beginning up to the end
 * it had when the rebuild started, with a consumer of its own (no group, nothing committed), and records every
 * decision about a known booking; then adds the API's own steps from the bookings table. Rows are unique by event
 * id, so a rebuild adds only what is missing and running it twice adds nothing the second time. Decisions older
 * than the topic's retention are gone from it; their rows, if still in the table, stay.
 */
@Component
class HistoryRebuild {

    private static final Logger log = LoggerFactory.getLogger(HistoryRebuild.class);

    /** What a rebuild read and wrote. */
    record Result(long eventsRead, long decisionsRead, long rowsAdded, long unreadable, Instant finishedAt) {}

    private final KafkaProperties kafka;
    private final Topics topics;
    private final BookingHistory history;

    HistoryRebuild(KafkaProperties kafka, Topics topics, BookingHistory history) {
        this.kafka = kafka;
        this.topics = topics;
        this.history = history;
    }

    synchronized Result run() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long events = 0;
        long decisions = 0;
        long added = 0;
        long unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                config, new StringDeserializer(), new ByteArrayDeserializer())) {
            String topic = topics.bookingEvents().name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            var deserializer = topics.bookingEvents().valueSerde().deserializer();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(10)) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    events++;
                    BookingEvent event;
                    try {
                        event = deserializer.deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        // the live consumer sent it to the dead-letter topic; it has no place in a trail either
                        unreadable++;
                        log.warn("History rebuild skips an unreadable record at {}-{}@{}: {}", record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                        continue;
                    }
                    if (event instanceof BookingDecision decision) {
                        decisions++;
                        if (history.record(decision)) {
                            added++;
                        }
                    }
                }
            }
        }
        added += history.rebuildOwnSteps();
        Result result = new Result(events, decisions, added, unreadable, Instant.now());
        log.info("History rebuilt from {}: {}", topics.bookingEvents().name(), result);
        return result;
    }
}
