/**
 * The stream processor: a Spring Boot application that runs the Kafka Streams topology deciding every booking
 * request per slot, exactly once, and publishing decisions and availability.
 */
@NullMarked
package io.slotstream.processor;

import org.jspecify.annotations.NullMarked;
