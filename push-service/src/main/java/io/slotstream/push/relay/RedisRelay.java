package io.slotstream.push.relay;

import io.slotstream.push.frame.Outgoing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Appends frames to Redis with Lua scripts, so that "is this a duplicate", "which seq" and "append" happen in
 * one atomic step, and reads the broadcast history back for resume.
 *
 * <p>The broadcast stream's entry ids are {@code <seq>-0}: the seq comes from the {@code :seq} counter in the same
 * script, so seqs are gap-free and {@code XRANGE <n+1>-0 +} is exactly "everything after n".
 */
@Component
@org.springframework.boot.context.properties.EnableConfigurationProperties(RelayProperties.class)
public class RedisRelay implements Relay, History {

    /** KEYS: epoch, seq, broadcast stream, seen. ARGV: new epoch, dedupe ttl s, maxlen, type, data, event ts. */
    private static final RedisScript<List> APPEND_BROADCAST = new DefaultRedisScript<>("""
            local epoch = redis.call('GET', KEYS[1])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[1], epoch)
              redis.call('DEL', KEYS[2], KEYS[3])
            end
            if not redis.call('SET', KEYS[4], '1', 'NX', 'EX', ARGV[2]) then
              return {epoch, 0}
            end
            local seq = redis.call('INCR', KEYS[2])
            local id = string.format('%d', seq)
            local frame = '{"type":"' .. ARGV[4] .. '","seq":' .. id .. ',"data":' .. ARGV[5] .. '}'
            redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], id .. '-0', 'f', frame, 't', ARGV[6], 'e', epoch)
            return {epoch, seq}
            """, List.class);

    /** KEYS: private stream, seen. ARGV: dedupe ttl s, maxlen, frame, user id, event ts. */
    private static final RedisScript<Long> APPEND_PRIVATE = new DefaultRedisScript<>("""
            if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then
              return 0
            end
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'f', ARGV[3], 'u', ARGV[4], 't', ARGV[5])
            return 1
            """, Long.class);

    /** KEYS: epoch, seq, broadcast stream. ARGV: new epoch. */
    private static final RedisScript<List> POSITION = new DefaultRedisScript<>("""
            local epoch = redis.call('GET', KEYS[1])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[1], epoch)
              redis.call('DEL', KEYS[2], KEYS[3])
            end
            local seq = redis.call('GET', KEYS[2])
            if not seq then seq = '0' end
            return {epoch, seq}
            """, List.class);

    private final StringRedisTemplate redis;
    private final RelayProperties properties;

    public RedisRelay(StringRedisTemplate redis, RelayProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    @Override
    public boolean publish(Outgoing frame, long eventTimestamp) {
        String ttl = Long.toString(Math.max(1, properties.dedupeWindow().toSeconds()));
        if (frame instanceof Outgoing.Broadcast broadcast) {
            List<?> result = redis.execute(
                    APPEND_BROADCAST,
                    List.of(properties.epochKey(), properties.seqKey(), properties.broadcastKey(),
                            properties.seenKey(frame.dedupeKey())),
                    newEpoch(), ttl, Integer.toString(properties.historyLength()), broadcast.type(), broadcast.data(),
                    Long.toString(eventTimestamp));
            return result != null && ((Number) result.get(1)).longValue() > 0;
        }
        Outgoing.Private toUser = (Outgoing.Private) frame;
        Long appended = redis.execute(
                APPEND_PRIVATE,
                List.of(properties.privateKey(), properties.seenKey(frame.dedupeKey())),
                ttl, Integer.toString(properties.privateLength()), toUser.frame(), toUser.userId().toString(),
                Long.toString(eventTimestamp));
        return appended != null && appended == 1L;
    }

    @Override
    public Position position() {
        List<?> result = redis.execute(
                POSITION, List.of(properties.epochKey(), properties.seqKey(), properties.broadcastKey()), newEpoch());
        if (result == null || result.size() != 2) {
            throw new IllegalStateException("unexpected answer from Redis: " + result);
        }
        return new Position(result.get(0).toString(), Long.parseLong(result.get(1).toString()));
    }

    @Override
    public List<StreamFrame> readAfter(long afterSeq, int max) {
        List<MapRecord<String, Object, Object>> records = redis.opsForStream().range(
                properties.broadcastKey(),
                Range.rightUnbounded(Range.Bound.inclusive((afterSeq + 1) + "-0")),
                Limit.limit().count(max));
        List<StreamFrame> frames = new ArrayList<>();
        if (records != null) {
            for (MapRecord<String, Object, Object> record : records) {
                frames.add(frameOf(record.getId().getTimestamp(), record.getValue()));
            }
        }
        return frames;
    }

    static StreamFrame frameOf(long seq, Map<?, ?> fields) {
        Object ts = fields.get("t");
        return new StreamFrame(seq, String.valueOf(fields.get("f")), ts == null ? 0 : Long.parseLong(ts.toString()));
    }

    /** A candidate epoch, used only if Redis holds none. */
    private static String newEpoch() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
