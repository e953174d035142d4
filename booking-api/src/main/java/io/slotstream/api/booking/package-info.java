/** Bookings: requests with idempotency keys, waiting for decisions, cancellation, and applying decisions from Kafka. */
@NullMarked
package io.slotstream.api.booking;

import org.jspecify.annotations.NullMarked;
