package io.slotstream.testsupport;

/** A running set of Kafka, PostgreSQL and Redis. */
public interface Servers extends AutoCloseable {

    ServerEndpoints endpoints();

    /** Creates a fresh, empty database on the same PostgreSQL server and returns its JDBC URL. */
    String createDatabase(String name);

    @Override
    void close();
}
