package io.slotstream.events;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How the three topics are laid out on a cluster. All three share one partition count and one key (the slot
 * id), so one slot's commands, decisions and availability live in partitions of the same number.
 */
public final class TopicLayout {

    /** Thirty days: long enough for a downstream team to replay a month, short enough to bound the disk. */
    public static final long EVENT_RETENTION_MS = 30L * 24 * 60 * 60 * 1000;

    private TopicLayout() {}

    public static List<NewTopic> newTopics(TopicNames names, int partitions, short replicationFactor) {
        Map<String, String> longRetention = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(EVENT_RETENTION_MS));
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return List.of(
                new NewTopic(names.bookingCommands(), partitions, replicationFactor).configs(longRetention),
                new NewTopic(names.bookingEvents(), partitions, replicationFactor).configs(longRetention),
                new NewTopic(names.slotAvailability(), partitions, replicationFactor).configs(compacted));
    }
}
