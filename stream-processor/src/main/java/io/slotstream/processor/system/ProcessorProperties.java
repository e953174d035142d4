package io.slotstream.processor.system;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the decision topology runs ({@code slotstream.processor.*}).
 *
 * @param applicationId Kafka Streams {@code application.id}: the consumer group, the prefix of the internal topics
 *     and of the transactional ids. Changing it starts from scratch. Default {@code slotstream-decisions}.
 * @param stateDir where the local state stores live; null (the default) for Kafka Streams' own default
 *     ({@code ${java.io.tmpdir}/kafka-streams}). Two instances on one machine need different directories.
 * @param commitInterval how often a transaction is committed; a decision becomes visible to read-committed
 *     consumers only then. Default 50 ms, for sub-second decisions.
 * @param streamThreads stream threads of this instance; more than the partitions of booking-commands idle.
 *     Default 1.
 * @param rememberedDecisions how many decided booking ids each slot keeps to recognise a redelivered request.
 *     Default 1000.
 * @param holdDuration how long a held place stays held unless confirmed; the expiry is the request's (or the
 *     offer's) time plus this. Default PT5M.
 * @param expiryCheckInterval how often the wall-clock punctuator looks for holds whose time is up; a hold expires
 *     at most this much after its {@code expiresAt} (while the processor runs). Default PT1S.
 */
@ConfigurationProperties("slotstream.processor")
public record ProcessorProperties(
        @DefaultValue("slotstream-decisions") String applicationId,
        @Nullable Path stateDir,
        @DefaultValue("50ms") Duration commitInterval,
        @DefaultValue("1") int streamThreads,
        @DefaultValue("1000") int rememberedDecisions,
        @DefaultValue("PT5M") Duration holdDuration,
        @DefaultValue("PT1S") Duration expiryCheckInterval) {}
