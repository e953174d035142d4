package io.slotstream.push.relay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Redis relay.
 *
 * @param keyPrefix prefix of every key push-service writes ({@code <prefix>:epoch}, {@code :seq}, {@code
 *     :broadcast}, {@code :private}, {@code :seen:<id>}). Default {@code slotstream:push}. Instances that should
 *     share one broadcast stream share the prefix. On Redis Cluster, put a hash tag in it ({@code {slotstream:push}}).
 * @param historyLength broadcast frames kept for resume ({@code XADD MAXLEN ~}). Default 10000.
 * @param privateLength private frames kept in the private stream (only for instances that briefly lost Redis).
 *     Default 1000.
 * @param dedupeWindow how long an event id is remembered to drop a redelivered event. Default 24h.
 * @param readBlock how long one {@code XREAD BLOCK} waits; also how often the epoch is checked when idle.
 *     Default 1s.
 * @param readBatch frames read per {@code XREAD}. Default 500.
 * @param reconnectBackoff wait before the reader reconnects after a Redis error (doubles up to 10 times this).
 *     Default 200ms.
 */
@ConfigurationProperties("slotstream.push.relay")
public record RelayProperties(
        @DefaultValue("slotstream:push") String keyPrefix,
        @DefaultValue("10000") int historyLength,
        @DefaultValue("1000") int privateLength,
        @DefaultValue("24h") Duration dedupeWindow,
        @DefaultValue("1s") Duration readBlock,
        @DefaultValue("500") int readBatch,
        @DefaultValue("200ms") Duration reconnectBackoff) {

    public String epochKey() {
        return keyPrefix + ":epoch";
    }

    public String seqKey() {
        return keyPrefix + ":seq";
    }

    public String broadcastKey() {
        return keyPrefix + ":broadcast";
    }

    public String privateKey() {
        return keyPrefix + ":private";
    }

    public String seenKey(String dedupeKey) {
        return keyPrefix + ":seen:" + dedupeKey;
    }
}
