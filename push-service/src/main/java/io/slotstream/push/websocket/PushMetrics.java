package io.slotstream.push.websocket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transport's meters: {@code slotstream.push.sessions} (gauge), {@code slotstream.push.frames.sent} (by
 * kind), {@code slotstream.push.drops} (connections closed by the server, by reason) and
 * {@code slotstream.push.delivery.latency} (from the event's Kafka timestamp to the frame's send, per client).
 */
class PushMetrics {

    private final MeterRegistry registry;
    private final Map<OutFrame.Kind, Counter> sent = new ConcurrentHashMap<>();
    private final Map<String, Counter> drops = new ConcurrentHashMap<>();
    private final Timer latency;

    PushMetrics(MeterRegistry registry, ConnectionRegistry connections) {
        this.registry = registry;
        io.micrometer.core.instrument.Gauge.builder("slotstream.push.sessions", connections, ConnectionRegistry::size)
                .description("WebSocket connections open on this instance")
                .register(registry);
        this.latency = Timer.builder("slotstream.push.delivery.latency")
                .description("From the event's Kafka timestamp to its frame's send to one client")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void sent(OutFrame frame) {
        if (frame.kind() == OutFrame.Kind.PING) {
            return;
        }
        sent.computeIfAbsent(frame.kind(), kind -> Counter.builder("slotstream.push.frames.sent")
                        .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry))
                .increment();
        if (frame.eventTimestamp() > 0) {
            latency.record(Math.max(0, System.currentTimeMillis() - frame.eventTimestamp()), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    void dropped(String reason) {
        drops.computeIfAbsent(reason, r -> Counter.builder("slotstream.push.drops").tag("reason", r).register(registry))
                .increment();
    }
}
