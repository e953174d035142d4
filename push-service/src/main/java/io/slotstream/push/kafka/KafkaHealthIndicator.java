package io.slotstream.push.kafka;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Up when the cluster answers, both consumers run and each has joined its group (from then on no new event is
 * missed). Down otherwise, with the reason.
 */
final class KafkaHealthIndicator implements HealthIndicator {

    private final Admin admin;
    private final KafkaListenerEndpointRegistry listeners;
    private final ConsumerReadiness readiness;
    private final List<String> topics;

    KafkaHealthIndicator(Admin admin, KafkaListenerEndpointRegistry listeners, ConsumerReadiness readiness, List<String> topics) {
        this.admin = admin;
        this.listeners = listeners;
        this.readiness = readiness;
        this.topics = topics;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
            String clusterId = cluster.clusterId().get(3, TimeUnit.SECONDS);
            int brokers = cluster.nodes().get(3, TimeUnit.SECONDS).size();
            health = Health.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Health.down().withDetail("error", "cluster does not answer: " + e).build();
        }
        boolean running = !listeners.getListenerContainers().isEmpty()
                && listeners.getListenerContainers().stream().allMatch(MessageListenerContainer::isRunning);
        boolean joined = readiness.joinedTopics().containsAll(topics);
        health.withDetail("consumersRunning", running)
                .withDetail("joinedGroup", joined)
                .withDetail("assignedPartitions", readiness.assigned().stream().map(Object::toString).sorted().toList());
        if (!running || !joined) {
            health.down();
        }
        return health.build();
    }
}
