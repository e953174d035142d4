package io.slotstream.processor.crash;

import io.slotstream.processor.StreamProcessorApplication;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.KafkaStreamsConfiguration;

/**
 * The stream processor as production runs it, with {@link CrashMidCommitInterval} on its Kafka Streams producer
 * and the processing guarantee taken from the system property {@value #GUARANTEE} (default {@code exactly_once_v2}).
 * Started in a child JVM by {@code ExactlyOnceCrashIntegrationTests}; the guarantee can be lowered only here, so
 * that a test can show what exactly-once prevents.
 */
public final class CrashingStreamProcessor {

    /** System property: the Kafka Streams {@code processing.guarantee} to run with. */
    public static final String GUARANTEE = "slotstream.test.processing-guarantee";

    private CrashingStreamProcessor() {}

    public static void main(String[] args) {
        String guarantee = System.getProperty(GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2);
        StreamProcessorApplication.builder()
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String name) {
                        if (!(bean instanceof KafkaStreamsConfiguration configuration)) {
                            return bean;
                        }
                        Map<String, Object> settings = new HashMap<>();
                        configuration.asProperties().forEach((key, value) -> settings.put(key.toString(), value));
                        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
                        settings.put(
                                StreamsConfig.producerPrefix(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG),
                                CrashMidCommitInterval.class.getName());
                        return new KafkaStreamsConfiguration(settings);
                    }
                }))
                .run(args);
    }
}
