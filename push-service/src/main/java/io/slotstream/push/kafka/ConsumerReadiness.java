package io.slotstream.push.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Tracks the partitions this instance consumes. On assignment it asks each partition's position at once, so that
 * with {@code auto.offset.reset=latest} the starting point is fixed (and committed, for a partition the group
 * never committed) when the group is joined: an event written after health turns UP is never skipped, even if its
 * partition moves to another instance before its first record.
 */
final class ConsumerReadiness implements ConsumerAwareRebalanceListener {

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private final Set<String> joinedTopics = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long position = consumer.position(partition);
            if (committed.get(partition) == null) {
                start.put(partition, new OffsetAndMetadata(position));
            }
        }
        if (!start.isEmpty()) {
            // a partition the group never committed: fix its starting point now, so that if it moves to another
            // instance before any record arrives, that instance starts here rather than at a later "latest"
            consumer.commitSync(start);
        }
        assigned.addAll(partitions);
        consumer.subscription().forEach(joinedTopics::add);
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    /** The topics whose consumer has joined the group at least once. */
    Set<String> joinedTopics() {
        return Set.copyOf(joinedTopics);
    }

    Set<TopicPartition> assigned() {
        return Set.copyOf(assigned);
    }
}
