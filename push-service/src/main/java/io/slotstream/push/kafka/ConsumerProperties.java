package io.slotstream.push.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka consumer.
 *
 * @param groupId consumer group, shared by every instance that shares the relay's Redis keys. Default
 *     {@code slotstream-push}.
 * @param autoOffsetReset where a new group starts: {@code latest} (default; browsers load the past over HTTP, the
 *     push stream is for what happens next) or {@code earliest}. A known group continues after its commits.
 * @param concurrency consumer threads per topic and instance. Default 1.
 * @param deadLetterPartitions partitions of the {@code .DLT} topics created when missing. Default 1.
 * @param createDeadLetterTopics whether to create the {@code .DLT} topics when missing. Default true.
 */
@ConfigurationProperties("slotstream.push.kafka")
public record ConsumerProperties(
        @DefaultValue("slotstream-push") String groupId,
        @DefaultValue("latest") String autoOffsetReset,
        @DefaultValue("1") int concurrency,
        @DefaultValue("1") int deadLetterPartitions,
        @DefaultValue("true") boolean createDeadLetterTopics) {}
