package io.slotstream.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Breaks and mends the embedded servers in place, for fault tests: the same data directory, the same port, so the
 * services see an outage and a recovery rather than a new server.
 */
public final class ServerFaults {

    private static final Logger log = LoggerFactory.getLogger(ServerFaults.class);

    private ServerFaults() {}

    /** The embedded servers of this JVM, or null when the tests run against containers (no in-place faults there). */
    public static EmbeddedServers embeddedOrNull() {
        return SharedServers.get() instanceof EmbeddedServers embedded ? embedded : null;
    }

    /** A database that refuses every connection until {@link #end()}. */
    public record PostgresOutage(EmbeddedServers servers, String database) {

        /** Lets connections in again. */
        public void end() {
            execute(servers, "alter database \"" + database + "\" with allow_connections true");
            log.info("PostgreSQL database {} reachable again", database);
        }
    }

    /**
     * Makes one database unreachable at once: new connections are refused and every open one is cut off, as a crashed
     * or partitioned server looks to its clients. (Stopping the server itself with {@code pg_ctl -m immediate} and
     * starting it again was the first choice, but {@code pg_ctl} and {@code postgres} refuse to start as root, which
     * the CI user is; the server stays up, only the service's database goes away.)
     */
    public static PostgresOutage stopPostgres(EmbeddedServers servers, String jdbcUrl) {
        String database = jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]+/", "").replaceFirst("[?].*$", "");
        execute(servers, "alter database \"" + database + "\" with allow_connections false");
        execute(servers, "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
        log.info("PostgreSQL database {} unreachable", database);
        return new PostgresOutage(servers, database);
    }

    private static void execute(EmbeddedServers servers, String sql) {
        try (Connection connection = servers.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Stops Redis without saving (it keeps nothing on disk in tests: it comes back empty). */
    public static void stopRedis(EmbeddedServers servers) {
        try {
            servers.redis().stop();
            log.info("Redis stopped");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts Redis again on the same port. */
    public static void startRedis(EmbeddedServers servers) {
        try {
            servers.redis().start();
            log.info("Redis started again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shuts the Kafka broker down in place; the KRaft controller keeps running. Clients see the broker go away and
     * come back on the same port with the same log directory when {@link #startKafkaBroker} is called.
     */
    public static void stopKafkaBroker(EmbeddedServers servers) {
        servers.kafka().getCluster().brokers().values().forEach(broker -> broker.shutdown());
        log.info("Kafka broker stopped");
    }

    /** Starts the stopped broker again on the same port and log directory. */
    public static void startKafkaBroker(EmbeddedServers servers) {
        servers.kafka().getCluster().brokers().values().forEach(broker -> broker.startup());
        log.info("Kafka broker started again");
    }
}
