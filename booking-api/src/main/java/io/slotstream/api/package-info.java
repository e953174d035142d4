/** booking-api: accounts, slots and bookings over HTTP, PostgreSQL with a transactional outbox to Kafka. */
@NullMarked
package io.slotstream.api;

import org.jspecify.annotations.NullMarked;
