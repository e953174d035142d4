package io.slotstream.bench;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code booking-events} (read committed) and {@code booking-commands} from the moment the rush starts. A
 * decision "happens" for this benchmark when it becomes visible to a read-committed consumer, which is the moment
 * push-service can see it too: the start of the decision-to-broadcast latency. It also times the outbox relay: a
 * command's Kafka timestamp (set by the relay's producer) minus its {@code occurredAt} (set in booking-api's
 * transaction).
 */
final class DecisionWatcher implements AutoCloseable {

    record Decision(String bookingId, String slotId, String status, long seenNanos) {}

    private final Topics topics = Topics.defaults();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final long origin;
    private volatile boolean running = true;
    final Map<String, Decision> decisions = new ConcurrentHashMap<>();
    /** slotId → nanoTime its first confirmation became visible. */
    final Map<String, Long> confirmationSeen = new ConcurrentHashMap<>();
    final Map<String, Integer> confirmationsPerSlot = new ConcurrentHashMap<>();
    final RateSeries decisionRate = new RateSeries("decisions");
    final RateSeries relayRate = new RateSeries("commands relayed");
    final LatencySeries relayLatency = new LatencySeries("outbox commit to Kafka");
    final List<String> duplicates = new ArrayList<>();

    DecisionWatcher(String bootstrap, long originNanos) {
        this.origin = originNanos;
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.bookingEvents().name(), topics.bookingCommands().name())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, before the first request
        thread = new Thread(this::loop, "bench-decision-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        String events = topics.bookingEvents().name();
        var eventReader = topics.bookingEvents().valueSerde().deserializer();
        var commandReader = topics.bookingCommands().valueSerde().deserializer();
        while (running) {
            var records = consumer.poll(Duration.ofMillis(20));
            long now = System.nanoTime();
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.value() == null) {
                    continue;
                }
                if (record.topic().equals(events)) {
                    BookingEvent event = eventReader.deserialize(record.topic(), record.value());
                    if (event instanceof BookingConfirmed c) {
                        decided(c.bookingId().toString(), c.slotId().toString(), "CONFIRMED", now);
                        confirmationSeen.putIfAbsent(c.slotId().toString(), now);
                        confirmationsPerSlot.merge(c.slotId().toString(), 1, Integer::sum);
                    } else if (event instanceof BookingRejected r) {
                        decided(r.bookingId().toString(), r.slotId().toString(), "REJECTED", now);
                    }
                } else {
                    BookingCommand command = commandReader.deserialize(record.topic(), record.value());
                    if (command instanceof BookingRequested requested) {
                        relayRate.mark(origin, now);
                        long delayMs = record.timestamp() - requested.occurredAt().toEpochMilli();
                        relayLatency.record(origin, now, Math.max(0, delayMs) * 1_000_000L);
                    }
                }
            }
        }
        consumer.close();
    }

    private void decided(String bookingId, String slotId, String status, long now) {
        Decision before = decisions.putIfAbsent(bookingId, new Decision(bookingId, slotId, status, now));
        if (before == null) {
            decisionRate.mark(origin, now);
        } else {
            synchronized (duplicates) {
                duplicates.add(bookingId);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
