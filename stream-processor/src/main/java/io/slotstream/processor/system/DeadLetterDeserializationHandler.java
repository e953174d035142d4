package io.slotstream.processor.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Writes a record that cannot be deserialized to the dead-letter topic, unchanged, with the reason and origin in
 * Spring Kafka's {@code kafka_dlt-*} headers (the same as every other Slotstream dead-letter topic), then lets the
 * partition move on. Kafka 4.1 has no built-in dead-letter queue for Kafka Streams (KIP-1034 arrives in 4.2).
 *
 * <p>Kafka Streams creates this handler by class name and passes its configuration: {@value #PRODUCER_CONFIG} must
 * hold a {@code Producer<byte[], byte[]>} instance and {@value #TOPIC_CONFIG} the topic name.
 *
 * <p>The producer is not part of the stream's transaction: if the task fails before it commits, the record is read
 * again and a second copy reaches the dead-letter topic (at least once; the origin headers tell copies apart). If
 * the dead-letter topic cannot be written, processing fails rather than dropping the record silently.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    public static final String TOPIC_CONFIG = "slotstream.dead-letter.topic";
    public static final String PRODUCER_CONFIG = "slotstream.dead-letter.producer";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private Producer<byte[], byte[]> producer;
    private String topic;
    private String applicationId;

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object configuredProducer = configs.get(PRODUCER_CONFIG);
        if (!(configuredProducer instanceof Producer<?, ?>)) {
            throw new ConfigException(PRODUCER_CONFIG, configuredProducer, "must be a Producer<byte[], byte[]> instance");
        }
        Object configuredTopic = configs.get(TOPIC_CONFIG);
        if (configuredTopic == null || configuredTopic.toString().isBlank()) {
            throw new ConfigException(TOPIC_CONFIG, configuredTopic, "must name the dead-letter topic");
        }
        this.producer = (Producer<byte[], byte[]>) configuredProducer;
        this.topic = configuredTopic.toString();
        this.applicationId = String.valueOf(configs.get("application.id"));
    }

    @Override
    public DeserializationHandlerResponse handle(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log.warn(
                "Unreadable record {}-{}@{} goes to {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                topic,
                exception.getMessage());
        ProducerRecord<byte[], byte[]> deadLetter =
                new ProducerRecord<>(topic, null, record.key(), record.value(), headers(record, exception));
        try {
            producer.send(deadLetter).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return DeserializationHandlerResponse.CONTINUE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("Interrupted while writing to {}; failing so the record is read again", topic, e);
            return DeserializationHandlerResponse.FAIL;
        } catch (ExecutionException | TimeoutException e) {
            log.error("Cannot write to {}; failing so the record is read again", topic, e);
            return DeserializationHandlerResponse.FAIL;
        }
    }

    private Headers headers(ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, utf8(record.timestampType().toString()));
        headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, utf8(applicationId));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(exception.getClass().getName()));
        if (exception.getCause() != null) {
            headers.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, utf8(exception.getCause().getClass().getName()));
        }
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(String.valueOf(exception.getMessage())));
        return headers;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
