package io.slotstream.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The limit of Redis for publish to receive on the same server: one publisher, one subscriber (Lettuce, as
 * push-service uses). First a constant 1,000 messages/s for the latency, each message carrying its send time, then as
 * many as can be pipelined for the throughput.
 */
final class RedisLimit {

    private RedisLimit() {}

    static Map<String, Object> measure(String host, int port, int throughputMessages, String run) throws Exception {
        RedisClient client = RedisClient.create("redis://" + host + ":" + port);
        String channel = "bench-limit-" + run;
        LatencySeries latency = new LatencySeries("Redis publish to receive");
        AtomicLong received = new AtomicLong();
        AtomicLong lastReceived = new AtomicLong();
        long origin = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
                StatefulRedisConnection<String, String> pub = client.connect()) {
            CountDownLatch[] done = {new CountDownLatch(2000)};
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    long now = System.nanoTime();
                    if (message.startsWith("t")) {
                        long sent = Long.parseLong(message.substring(1, message.indexOf(' ')));
                        latency.record(origin, sent, now - sent);
                    }
                    received.incrementAndGet();
                    lastReceived.set(now);
                    done[0].countDown();
                }
            });
            sub.sync().subscribe(channel);
            String padding = " " + "x".repeat(200);
            long start = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                long due = start + i * 1_000_000L;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                pub.async().publish(channel, "t" + due + padding);
            }
            done[0].await(30, TimeUnit.SECONDS);
            out.put("latency_at_1000_per_s", Stats.summary(latency.total()));

            received.set(0);
            done[0] = new CountDownLatch(throughputMessages);
            long burstStart = System.nanoTime();
            List<RedisFuture<Long>> futures = new ArrayList<>(throughputMessages);
            for (int i = 0; i < throughputMessages; i++) {
                futures.add(pub.async().publish(channel, "b" + padding));
            }
            done[0].await(60, TimeUnit.SECONDS);
            double seconds = (lastReceived.get() - burstStart) / 1e9;
            out.put("messages", received.get());
            out.put("messages_per_s", Stats.round(received.get() / seconds));
        } finally {
            client.shutdown();
        }
        return out;
    }
}
