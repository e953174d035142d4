package io.slotstream.processor.system;

import io.slotstream.events.TopicLayout;
import io.slotstream.events.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka Streams for the decision topology. The connection (bootstrap servers, security) comes from Spring Boot's
 * {@code spring.kafka.*} properties, extra Kafka Streams settings from {@code spring.kafka.streams.properties.*};
 * the settings the decision depends on ({@link StreamsSettings}) come last and cannot be overridden that way.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableConfigurationProperties({ProcessorProperties.class, TopicProperties.class})
class KafkaStreamsSetup {

    @Bean
    Topics topics(TopicProperties topics) {
        return Topics.named(topics.names());
    }

    @Bean(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
    KafkaStreamsConfiguration defaultKafkaStreamsConfig(
            KafkaProperties kafka,
            KafkaConnectionDetails connection,
            ProcessorProperties processor,
            TopicProperties topics,
            Producer<byte[], byte[]> deadLetterProducer) {
        Map<String, Object> settings = new HashMap<>(kafka.buildStreamsProperties());
        settings.put(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", connection.getStreams().getBootstrapServers()));
        settings.putAll(StreamsSettings.of(processor, topics, deadLetterProducer));
        return new KafkaStreamsConfiguration(settings);
    }

    /** Writes unreadable commands to the dead-letter topic; idempotent, outside the streams transactions. */
    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> deadLetterProducer(
            KafkaProperties kafka, KafkaConnectionDetails connection, ProcessorProperties processor) {
        Map<String, Object> settings = new HashMap<>(kafka.buildProducerProperties());
        settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        settings.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", connection.getProducer().getBootstrapServers()));
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, processor.applicationId() + "-dead-letters");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(settings);
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer replaceFailedStreamThreads() {
        return factoryBean -> factoryBean.setStreamsUncaughtExceptionHandler(new ReplaceThreadOnError());
    }

    @Bean
    KafkaStreamsHealthIndicator kafkaStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
        return new KafkaStreamsHealthIndicator(streams);
    }

    /**
     * The three Slotstream topics and the dead-letter topic, created by {@link KafkaAdmin} at startup when missing
     * (with {@code slotstream.topics.create=false}, they must exist already).
     */
    @Bean
    KafkaAdmin.NewTopics slotstreamTopics(TopicProperties topics) {
        if (!topics.create()) {
            return new KafkaAdmin.NewTopics();
        }
        String minIsr = Integer.toString(topics.minInsyncReplicas());
        List<NewTopic> declared = new ArrayList<>();
        for (NewTopic topic : TopicLayout.newTopics(topics.names(), topics.partitions(), topics.replicationFactor())) {
            Map<String, String> configs = new HashMap<>(topic.configs());
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
            declared.add(topic.configs(configs));
        }
        declared.add(TopicBuilder.name(topics.deadLetter())
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(TopicLayout.EVENT_RETENTION_MS))
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)
                .build());
        return new KafkaAdmin.NewTopics(declared.toArray(NewTopic[]::new));
    }
}
