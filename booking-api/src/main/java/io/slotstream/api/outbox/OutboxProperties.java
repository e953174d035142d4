package io.slotstream.api.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox relay settings.
 *
 * @param enabled whether this instance relays at all (default true; every instance may, only one at a time does)
 * @param batchSize rows published per transaction (default 500)
 * @param idlePoll how long the relay sleeps when the outbox is empty and no local commit woke it (default 100ms)
 * @param sendTimeout how long one batch may wait for Kafka's acknowledgements before it is retried (default 30s)
 * @param maxBackoff longest pause after a failed batch (default 5s)
 */
@ConfigurationProperties("slotstream.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int batchSize,
        @DefaultValue("100ms") Duration idlePoll,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("5s") Duration maxBackoff) {}
