/** The local stack: embedded Kafka, PostgreSQL and Redis with the Slotstream services on top, in one command. */
@NullMarked
package io.slotstream.localstack;

import org.jspecify.annotations.NullMarked;
