package io.slotstream.api.system;

import io.slotstream.events.TopicLayout;
import io.slotstream.events.TopicNames;
import io.slotstream.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The typed topic registry, with names from {@code slotstream.topics.*}, and the topics themselves: KafkaAdmin
 * creates any that are missing at start-up with the partitions and replication set here.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfig {

    @Bean
    TopicNames topicNames(Environment environment) {
        return Binder.get(environment).bind("slotstream.topics", TopicNames.class).orElse(TopicNames.defaults());
    }

    @Bean
    Topics topics(TopicNames names) {
        return Topics.named(names);
    }

    @Bean
    KafkaAdmin.NewTopics slotstreamTopics(TopicNames names, Environment environment) {
        int partitions = environment.getProperty("slotstream.topics.partitions", Integer.class, 4);
        short replication = environment.getProperty("slotstream.topics.replication-factor", Short.class, (short) 1);
        java.util.List<NewTopic> topics = new java.util.ArrayList<>(TopicLayout.newTopics(names, partitions, replication));
        // the decision consumer's dead-letter topic: without it an unreadable decision could not be parked, would be
        // retried for ever and hold up every decision behind it on its partition (1 partition, as push-service makes it)
        topics.add(new NewTopic(names.bookingEvents() + ".DLT", 1, replication));
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
