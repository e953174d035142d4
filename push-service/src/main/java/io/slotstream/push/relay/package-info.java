/**
 * The Redis side: frames appended once to a bounded Redis Stream (the broadcast history that gives {@code seq}
 * and resume) or to the private stream, and read back by every instance.
 *
 * <p>Concurrency and lifecycle. {@link io.slotstream.push.relay.RedisRelay#publish} runs on the Kafka consumer
 * threads; each call is one Lua script, atomic in Redis, so appends from any number of threads and instances
 * never interleave inside an append and never duplicate an event (the {@code seen} key is set in the same
 * script). {@link io.slotstream.push.relay.StreamReader} is one thread per instance, started and stopped with
 * the application context, that owns a dedicated Redis connection for {@code XREAD BLOCK} and is the only
 * caller of {@link io.slotstream.push.relay.Delivery}: deliveries arrive in stream order, one at a time. On a
 * lost connection it reconnects with backoff and continues after the last id it delivered, or, when the epoch
 * changed (the history was lost), announces the new epoch and starts the new stream from its beginning.
 */
@NullMarked
package io.slotstream.push.relay;

import org.jspecify.annotations.NullMarked;
