/**
 * Running the topology: Kafka Streams settings (exactly once, commit interval, replication), topic declarations,
 * the dead-letter route for unreadable commands, thread failure handling and health.
 */
@NullMarked
package io.slotstream.processor.system;

import org.jspecify.annotations.NullMarked;
