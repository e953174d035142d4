package io.slotstream.push.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.events.EventSerdes;
import io.slotstream.events.JsonSerde;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.TopicNames;
import io.slotstream.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The two consumers (one per topic, one group): read_committed, values read with the contract's serdes behind
 * an {@link ErrorHandlingDeserializer}, offsets committed after the relay took the record, consumer metrics in
 * Micrometer (among them {@code kafka.consumer.fetch.manager.records.lag.max}).
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(ConsumerProperties.class)
class KafkaConsumerConfig {

    /** Header on dead-lettered records: why the record could not be relayed. */
    static final String REASON_HEADER = "slotstream_dlt_reason";

    @Bean
    static Topics topics(Environment environment) {
        TopicNames names = Binder.get(environment).bind("slotstream.topics", TopicNames.class).orElse(TopicNames.defaults());
        return Topics.named(names);
    }

    @Bean
    ConsumerReadiness consumerReadiness() {
        return new ConsumerReadiness();
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, SlotMessage> bookingEventsListenerFactory(
            KafkaProperties kafka, ConsumerProperties consumer, Topics topics, MeterRegistry meters,
            DefaultErrorHandler pushErrorHandler, ConsumerReadiness readiness) {
        return factory(kafka, consumer, EventSerdes.bookingEvent(), meters, pushErrorHandler, readiness);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, SlotMessage> slotAvailabilityListenerFactory(
            KafkaProperties kafka, ConsumerProperties consumer, Topics topics, MeterRegistry meters,
            DefaultErrorHandler pushErrorHandler, ConsumerReadiness readiness) {
        return factory(kafka, consumer, EventSerdes.slotAvailability(), meters, pushErrorHandler, readiness);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ConcurrentKafkaListenerContainerFactory<String, SlotMessage> factory(
            KafkaProperties kafka,
            ConsumerProperties consumer,
            Deserializer<? extends SlotMessage> values,
            MeterRegistry meters,
            DefaultErrorHandler errorHandler,
            ConsumerReadiness readiness) {
        Map<String, Object> settings = new HashMap<>(kafka.buildConsumerProperties());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, consumer.groupId());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, consumer.autoOffsetReset());
        DefaultKafkaConsumerFactory<String, SlotMessage> consumerFactory = new DefaultKafkaConsumerFactory<>(
                settings, new StringDeserializer(), new ErrorHandlingDeserializer(values));
        consumerFactory.addListener(new MicrometerConsumerListener<>(meters));
        ConcurrentKafkaListenerContainerFactory<String, SlotMessage> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setConcurrency(consumer.concurrency());
        factory.setCommonErrorHandler(errorHandler);
        factory.getContainerProperties().setConsumerRebalanceListener(readiness);
        factory.getContainerProperties().setMicrometerEnabled(true);
        return factory;
    }

    /**
     * Unreadable records go to {@code <topic>.DLT} at once; a Redis outage is retried with backoff for as long as
     * it lasts (the record is not at fault); anything else is tried three times, then parked.
     */
    @Bean
    DefaultErrorHandler pushErrorHandler(KafkaProperties kafka) {
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "push-service-dead-letters");
        KafkaTemplate<String, byte[]> bytes = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new ByteArraySerializer()));
        KafkaTemplate<String, SlotMessage> events = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new JsonSerde<>(SlotMessage.class)));
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, bytes);
        templates.put(SlotMessage.class, events);
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                templates, (record, e) -> new TopicPartition(record.topic() + ".DLT", -1));
        // Spring Kafka's kafka_dlt-exception-message holds the outer exception's message ("failed to deserialize");
        // the reason a person needs is the innermost one, in a header of its own
        deadLetters.setHeadersFunction((record, e) -> {
            org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add(REASON_HEADER, String.valueOf(rootCause(e).getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return headers;
        });
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, new FixedBackOff(200L, 2));
        BackOff redisDown = redisBackOff();
        handler.setBackOffFunction((record, e) -> causedByRedis(e) ? redisDown : null);
        return handler;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        // the contract serde's SerializationException says what could not be read; its own cause is Jackson's detail
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.SerializationException) {
                return t;
            }
        }
        return cause;
    }

    private static BackOff redisBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(5).toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    private static boolean causedByRedis(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataAccessException || t.getClass().getName().startsWith("io.lettuce")) {
                return true;
            }
        }
        return false;
    }

    /** The dead-letter topics; KafkaAdmin creates them when missing. */
    @Bean
    KafkaAdmin.NewTopics deadLetterTopics(Topics topics, ConsumerProperties consumer, Environment environment) {
        if (!consumer.createDeadLetterTopics()) {
            return new KafkaAdmin.NewTopics();
        }
        short replication = environment.getProperty("slotstream.topics.replication-factor", Short.class, (short) 1);
        return new KafkaAdmin.NewTopics(List.of(topics.bookingEvents().name(), topics.slotAvailability().name()).stream()
                .map(name -> new NewTopic(name + ".DLT", consumer.deadLetterPartitions(), replication))
                .toArray(NewTopic[]::new));
    }

    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaAdmin kafkaAdmin) {
        Map<String, Object> settings = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        settings.put("client.id", "push-service-health");
        return Admin.create(settings);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(
            Admin healthAdmin,
            org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners,
            ConsumerReadiness readiness,
            Topics topics) {
        return new KafkaHealthIndicator(healthAdmin, listeners, readiness,
                List.of(topics.bookingEvents().name(), topics.slotAvailability().name()));
    }
}
