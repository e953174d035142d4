/**
 * Real Kafka, PostgreSQL and Redis for integration tests and the local stack. Testcontainers where a Docker
 * engine answers; embedded KRaft Kafka, zonky PostgreSQL and embedded Redis everywhere else.
 */
@NullMarked
package io.slotstream.testsupport;

import org.jspecify.annotations.NullMarked;
