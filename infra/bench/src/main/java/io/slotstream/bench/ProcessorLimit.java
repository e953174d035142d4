package io.slotstream.bench;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.TopicLayout;
import io.slotstream.events.TopicNames;
import io.slotstream.events.Topics;
import io.slotstream.localstack.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The stream processor alone: its production jar, as its own process, on topics of its own that hold pre-loaded
 * commands (slots opened, then many contested requests). The rate is the commands whose offsets its exactly-once
 * transactions committed, divided by the time between its first and its last commit. Afterwards the output is read
 * back (read committed) to check exactly-once: one decision per request, never more confirmations than places.
 */
final class ProcessorLimit {

    private ProcessorLimit() {}

    static Map<String, Object> measure(Target target, int slots, int requests, String run) throws Exception {
        String bootstrap = target.servers.kafkaBootstrapServers();
        TopicNames names = new TopicNames("bench-sp-commands-" + run, "bench-sp-events-" + run, "bench-sp-availability-" + run);
        Topics topics = Topics.named(names);
        String applicationId = "bench-sp-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(TopicLayout.newTopics(names, 4, (short) 1)).all().get();
        }
        preload(bootstrap, topics, slots, requests);
        long total = slots + (long) requests;

        Map<String, String> properties = Map.of(
                "slotstream.processor.application-id", applicationId,
                "slotstream.topics.booking-commands", names.bookingCommands(),
                "slotstream.topics.booking-events", names.bookingEvents(),
                "slotstream.topics.slot-availability", names.slotAvailability(),
                "slotstream.topics.dead-letter", names.bookingCommands() + ".DLT");
        long started = System.nanoTime();
        long firstCommitAt = 0;
        long committedAtFirst = 0;
        long doneAt = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Thread starter = new Thread(() -> {
                ServiceProcess alone = target.streamProcessor("stream-processor-alone", properties);
                synchronized (ProcessorLimit.class) {
                    running = alone;
                }
            }, "bench-processor-alone");
            starter.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                long committed = committed(admin, applicationId, names.bookingCommands());
                long now = System.nanoTime();
                if (committed > 0 && firstCommitAt == 0) {
                    firstCommitAt = now;
                    committedAtFirst = committed;
                }
                if (committed >= total) {
                    doneAt = now;
                    break;
                }
                Thread.sleep(20);
            }
            starter.join();
        } finally {
            synchronized (ProcessorLimit.class) {
                if (running != null) {
                    running.close();
                    running = null;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commands", total);
        out.put("requests", requests);
        out.put("slots", slots);
        if (doneAt == 0) {
            out.put("error", "not all commands were committed within 5 minutes");
            return out;
        }
        double steady = (doneAt - firstCommitAt) / 1e9;
        out.put("seconds_first_to_last_commit", Stats.round(steady));
        out.put("commands_per_s", Stats.round((total - committedAtFirst) / steady));
        out.put("seconds_including_startup", Stats.round((doneAt - started) / 1e9));
        out.put("exactly_once", verify(bootstrap, topics, requests, slots));
        return out;
    }

    private static volatile ServiceProcess running;

    private static void preload(String bootstrap, Topics topics, int slots, int requests) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
        Instant now = Instant.now();
        List<UUID> slotIds = new ArrayList<>();
        try (KafkaProducer<String, BookingCommand> producer = new KafkaProducer<>(settings, new StringSerializer(),
                topics.bookingCommands().valueSerde().serializer())) {
            String topic = topics.bookingCommands().name();
            for (int i = 0; i < slots; i++) {
                UUID slot = UUID.randomUUID();
                slotIds.add(slot);
                producer.send(new ProducerRecord<>(topic, slot.toString(), new SlotOpened(UUID.randomUUID(), now, slot, 1,
                        startsAt.plus(i, ChronoUnit.HOURS), startsAt.plus(i, ChronoUnit.HOURS).plus(45, ChronoUnit.MINUTES), 1)));
            }
            for (int i = 0; i < requests; i++) {
                UUID slot = slotIds.get(i % slots);
                producer.send(new ProducerRecord<>(topic, slot.toString(),
                        new BookingRequested(UUID.randomUUID(), now, slot, UUID.randomUUID(), UUID.randomUUID())));
            }
            producer.flush();
        }
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    private static Map<String, Object> verify(String bootstrap, Topics topics, int requests, int slots) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Set<UUID> decided = new HashSet<>();
        long decisions = 0;
        Map<UUID, Integer> confirmed = new HashMap<>();
        try (KafkaConsumer<String, BookingEvent> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                topics.bookingEvents().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.bookingEvents().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, BookingEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() instanceof BookingConfirmed c) {
                        decisions++;
                        decided.add(c.bookingId());
                        confirmed.merge(c.slotId(), 1, Integer::sum);
                    } else if (r.value() instanceof BookingRejected rj) {
                        decisions++;
                        decided.add(rj.bookingId());
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decisions", decisions);
        m.put("distinct_bookings_decided", decided.size());
        m.put("confirmed", confirmed.values().stream().mapToInt(Integer::intValue).sum());
        m.put("slots_over_capacity", confirmed.values().stream().filter(n -> n > 1).count());
        m.put("ok", decisions == requests && decided.size() == requests
                && confirmed.values().stream().allMatch(n -> n == 1) && confirmed.size() == Math.min(slots, requests));
        return m;
    }
}
