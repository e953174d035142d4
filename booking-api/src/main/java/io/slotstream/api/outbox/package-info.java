/** The transactional outbox and its relay to Kafka. */
@NullMarked
package io.slotstream.api.outbox;

import org.jspecify.annotations.NullMarked;
