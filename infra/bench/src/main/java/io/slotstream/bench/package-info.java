/**
 * The booking-rush benchmark: a sale start driven against the running services over HTTP and WebSocket, measured
 * with HdrHistogram, checked for correctness after the drain, and set beside the limits of the parts underneath
 * (PostgreSQL, Kafka, Redis, the stream processor alone) measured in the same run on the same machine.
 */
@NullMarked
package io.slotstream.bench;

import org.jspecify.annotations.NullMarked;
