package io.slotstream.processor.system;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings the decision depends on. The application and the {@code TopologyTestDriver} tests
 * both take them from here, so the tests run what production runs.
 */
public final class StreamsSettings {

    private StreamsSettings() {}

    /**
     * Settings without the connection (bootstrap servers, security), which the caller adds.
     *
     * @param deadLetters the producer that writes unreadable commands to the dead-letter topic
     */
    public static Map<String, Object> of(
            ProcessorProperties processor, TopicProperties topics, Producer<byte[], byte[]> deadLetters) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, processor.applicationId());
        // Exactly once: the state store write, the facts and the input offset commit in one transaction, so a
        // crash or a rebalance never doubles or loses a decision. v2 shares one producer per thread.
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Under exactly-once the output is visible to read-committed consumers only when the transaction commits,
        // so the commit interval is the floor of decision latency (the exactly-once default is 100 ms). 50 ms keeps
        // a decision well under a second end to end at the price of more, smaller transactions.
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, processor.commitInterval().toMillis());
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, processor.streamThreads());
        // Internal topics (the slot-state changelog) get the same durability as the Slotstream topics.
        settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        settings.put(
                StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                Integer.toString(topics.minInsyncReplicas()));
        if (processor.stateDir() != null) {
            settings.put(StreamsConfig.STATE_DIR_CONFIG, processor.stateDir().toString());
        }
        // A command that cannot be read is parked on the dead-letter topic and the partition moves on.
        settings.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        settings.put(DeadLetterDeserializationHandler.TOPIC_CONFIG, topics.deadLetter());
        settings.put(DeadLetterDeserializationHandler.PRODUCER_CONFIG, deadLetters);
        return settings;
    }
}
