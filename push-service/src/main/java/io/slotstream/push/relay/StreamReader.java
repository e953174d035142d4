package io.slotstream.push.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.stereotype.Component;

/**
 * The one thread per instance that reads both streams with {@code XREAD BLOCK} and hands every frame to
 * {@link Delivery}. It starts at the streams' current end: a new connection learns what came before from the
 * history, not from this reader.
 */
@Component
public class StreamReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);

    private final RedisConnectionFactory connections;
    private final RedisRelay relay;
    private final Delivery delivery;
    private final RelayProperties properties;
    private final byte[] broadcastKey;
    private final byte[] privateKey;
    private final byte[] epochKey;

    private volatile boolean running;
    private @Nullable Thread thread;
    private volatile boolean caughtUp;

    // owned by the reader thread
    private @Nullable String epoch;
    private String lastBroadcastId = "0-0";
    private String lastPrivateId = "0-0";

    public StreamReader(RedisConnectionFactory connections, RedisRelay relay, Delivery delivery, RelayProperties properties) {
        this.connections = connections;
        this.relay = relay;
        this.delivery = delivery;
        this.properties = properties;
        this.broadcastKey = utf8(properties.broadcastKey());
        this.privateKey = utf8(properties.privateKey());
        this.epochKey = utf8(properties.epochKey());
    }

    @Override
    public synchronized void start() {
        running = true;
        Thread reader = new Thread(this::run, "push-stream-reader");
        reader.setDaemon(true);
        thread = reader;
        reader.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread reader = thread;
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(properties.readBlock().toMillis() + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** True once the reader is connected and positioned; health reports it. */
    public boolean isReading() {
        return running && caughtUp;
    }

    /** Before the WebSocket server takes connections, after it stops taking them (the server's phase is higher). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private void run() {
        long backoff = properties.reconnectBackoff().toMillis();
        while (running) {
            try (RedisConnection connection = connections.getConnection()) {
                position(connection);
                caughtUp = true;
                backoff = properties.reconnectBackoff().toMillis();
                while (running) {
                    if (!readOnce(connection)) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                caughtUp = false;
                if (!running) {
                    return;
                }
                log.warn("Reading the relay streams failed; reconnecting in {} ms: {}", backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(backoff * 2, properties.reconnectBackoff().toMillis() * 10);
            }
        }
    }

    /** Positions the reader: at the end of the streams on first start, or after a new epoch at its beginning. */
    private void position(RedisConnection connection) {
        Position position = relay.position();
        if (epoch == null) {
            epoch = position.epoch();
            lastBroadcastId = position.lastSeq() + "-0";
            lastPrivateId = lastId(connection, privateKey);
            log.info("Relay reader starts in epoch {} after seq {}", epoch, position.lastSeq());
        } else if (!epoch.equals(position.epoch())) {
            newEpoch(position.epoch());
        }
    }

    /** One XREAD; false when the epoch changed under us (the caller repositions). */
    private boolean readOnce(RedisConnection connection) {
        List<ByteRecord> records = connection.streamCommands().xRead(
                StreamReadOptions.empty().block(properties.readBlock()).count(properties.readBatch()),
                StreamOffset.create(broadcastKey, ReadOffset.from(lastBroadcastId)),
                StreamOffset.create(privateKey, ReadOffset.from(lastPrivateId)));
        if (records != null) {
            for (ByteRecord record : records) {
                Map<String, String> fields = fields(record);
                if (java.util.Arrays.equals(record.getStream(), broadcastKey)) {
                    if (!fields.getOrDefault("e", "").equals(epoch)) {
                        newEpoch(fields.get("e"));
                        return true;
                    }
                    lastBroadcastId = record.getId().getValue();
                    delivery.broadcast(RedisRelay.frameOf(record.getId().getTimestamp(), fields));
                } else {
                    lastPrivateId = record.getId().getValue();
                    String user = fields.get("u");
                    if (user != null) {
                        delivery.toUser(UUID.fromString(user), fields.getOrDefault("f", "{}"), parse(fields.get("t")));
                    }
                }
            }
        }
        byte[] current = connection.stringCommands().get(epochKey);
        if (current == null || !new String(current, StandardCharsets.UTF_8).equals(epoch)) {
            Position position = relay.position();
            if (!position.epoch().equals(epoch)) {
                newEpoch(position.epoch());
            }
        }
        return true;
    }

    private void newEpoch(@Nullable String next) {
        String fresh = next == null ? relay.position().epoch() : next;
        log.warn("The relay history was lost: epoch {} replaces {}; clients are told to resync", fresh, epoch);
        epoch = fresh;
        lastBroadcastId = "0-0";
        delivery.epochChanged(fresh);
    }

    private static String lastId(RedisConnection connection, byte[] key) {
        List<ByteRecord> last = connection.streamCommands().xRevRange(
                key, org.springframework.data.domain.Range.unbounded(), org.springframework.data.redis.connection.Limit.limit().count(1));
        return last == null || last.isEmpty() ? "0-0" : last.get(0).getId().getValue();
    }

    private static Map<String, String> fields(ByteRecord record) {
        Map<String, String> fields = new HashMap<>();
        record.getValue().forEach((k, v) -> fields.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
        return fields;
    }

    private static long parse(@Nullable String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
