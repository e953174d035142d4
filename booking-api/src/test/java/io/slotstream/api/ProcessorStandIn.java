package io.slotstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ServerEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The test in the stream processor's place, on the real broker: it reads what booking-api publishes on
 * {@code booking-commands} (from the moment it is opened) and writes the decisions on {@code booking-events}.
 */
public final class ProcessorStandIn implements AutoCloseable {

    private final Topics topics = Topics.defaults();
    private final KafkaConsumer<String, BookingCommand> commands;
    private final KafkaProducer<String, BookingEvent> decisions;
    private final List<BookingCommand> seen = new ArrayList<>();

    public ProcessorStandIn(ServerEndpoints servers) {
        commands = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                topics.bookingCommands().keySerde().deserializer(),
                topics.bookingCommands().valueSerde().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : commands.partitionsFor(topics.bookingCommands().name())) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        commands.assign(partitions);
        commands.seekToEnd(partitions);
        // resolve the end offsets now, so that commands published from here on are the ones read
        partitions.forEach(commands::position);
        decisions = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
                topics.bookingEvents().keySerde().serializer(),
                topics.bookingEvents().valueSerde().serializer());
    }

    /** The first command of this type that matches, waiting up to 20 s; every command must be keyed by its slot. */
    public synchronized <T extends BookingCommand> T awaitCommand(Class<T> type, Predicate<T> matching) {
        List<T> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, BookingCommand> record : commands.poll(Duration.ofMillis(100))) {
                assertThat(record.key()).isEqualTo(record.value().slotId().toString());
                seen.add(record.value());
            }
            seen.stream().filter(type::isInstance).map(type::cast).filter(matching).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** Publishes a decision as the stream processor would: keyed by its slot. */
    public void decide(BookingEvent event) throws Exception {
        decisions.send(new ProducerRecord<>(topics.bookingEvents().name(), event.slotId().toString(), event)).get();
    }

    @Override
    public synchronized void close() {
        commands.close();
        decisions.close();
    }
}
