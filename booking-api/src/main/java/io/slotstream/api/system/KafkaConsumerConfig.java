package io.slotstream.api.system;

import io.slotstream.events.BookingEvent;
import io.slotstream.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The consumer of decisions: read_committed (the stream processor writes in transactions), values read with the
 * contract's serde, and a record that cannot be read or applied after a few tries goes to {@code <topic>.DLT}
 * with the reason in its headers, so one bad record never stops the consumer.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfig {

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, BookingEvent> decisionListenerFactory(
            KafkaProperties kafkaProperties,
            Topics topics,
            KafkaTemplate<String, byte[]> bytesTemplate,
            MeterRegistry meters) {
        Map<String, Object> consumer = kafkaProperties.buildConsumerProperties();
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        DefaultKafkaConsumerFactory<String, BookingEvent> consumerFactory = new DefaultKafkaConsumerFactory<>(
                consumer,
                new StringDeserializer(),
                new ErrorHandlingDeserializer<>(topics.bookingEvents().valueSerde().deserializer()));
        // consumer metrics, records-lag-max among them, as kafka_consumer_* in Prometheus
        consumerFactory.addListener(new MicrometerConsumerListener<>(meters));

        Map<String, Object> producer = kafkaProperties.buildProducerProperties();
        KafkaTemplate<String, BookingEvent> eventTemplate = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                producer, new StringSerializer(), topics.bookingEvents().valueSerde().serializer()));
        Map<Class<?>, KafkaOperations<?, ?>> templates = new java.util.LinkedHashMap<>();
        templates.put(byte[].class, bytesTemplate);
        templates.put(BookingEvent.class, eventTemplate);
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                templates, (record, e) -> new TopicPartition(record.topic() + ".DLT", -1));

        ConcurrentKafkaListenerContainerFactory<String, BookingEvent> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        DefaultErrorHandler errors = new DefaultErrorHandler(deadLetters, new FixedBackOff(200L, 3));
        // a decision that fails because PostgreSQL is away is not a bad record: it waits for the database, however
        // long that takes, instead of going to the dead-letter topic after three tries and leaving its booking pending
        errors.setBackOffFunction((record, e) -> databaseUnavailable(e) ? waitForTheDatabase() : null);
        factory.setCommonErrorHandler(errors);
        return factory;
    }

    static boolean databaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    private static BackOff waitForTheDatabase() {
        ExponentialBackOff backOff = new ExponentialBackOff(200L, 2.0);
        backOff.setMaxInterval(5_000L);
        return backOff;
    }
}
