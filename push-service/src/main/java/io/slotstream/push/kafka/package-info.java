/**
 * The Kafka side: consumes {@code booking-events} and {@code slot-availability} (read_committed) in one consumer
 * group shared by all push-service instances, translates each record and appends its frames to the relay.
 *
 * <p>Concurrency and lifecycle. Spring Kafka's listener containers own the consumer threads. A record is appended
 * to Redis before its offset is committed (at least once); the relay drops a redelivered event by its id, so each
 * event reaches the broadcast stream once. When Redis is unreachable the record is retried with backoff, without
 * end, rather than skipped; a record that cannot be read goes to {@code <topic>.DLT} with the reason in its headers
 * and the consumer goes on.
 */
@NullMarked
package io.slotstream.push.kafka;

import org.jspecify.annotations.NullMarked;
