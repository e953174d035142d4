package io.slotstream.localstack;

import io.slotstream.testsupport.ServerEndpoints;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Kafka, PostgreSQL and Redis for the local stack, each keeping its data in a folder of its own under one data
 * folder, so that stopping the stack and running it again keeps accounts, slots, bookings, topics, consumer
 * offsets and sessions. Free loopback ports every run: nothing collides with servers on the standard ports.
 *
 * <pre>
 * data/kafka     KRaft log and metadata (formatted once)
 * data/postgres  PostgreSQL cluster (initdb once), database "slotstream"
 * data/redis     append-only file and snapshot
 * </pre>
 */
public final class LocalServers implements AutoCloseable {

    static final String DATABASE = "slotstream";
    private static final Logger log = LoggerFactory.getLogger(LocalServers.class);

    private final RedisServer redis;
    private final EmbeddedPostgres postgres;
    private final LocalKafka kafka;
    private final ServerEndpoints endpoints;

    private LocalServers(RedisServer redis, EmbeddedPostgres postgres, LocalKafka kafka, ServerEndpoints endpoints) {
        this.redis = redis;
        this.postgres = postgres;
        this.kafka = kafka;
        this.endpoints = endpoints;
    }

    public static LocalServers start(Path dataDirectory, int partitions) {
        long started = System.nanoTime();
        RedisServer redis = startRedis(dataDirectory.resolve("redis"));
        EmbeddedPostgres postgres;
        LocalKafka kafka;
        try {
            postgres = startPostgres(dataDirectory.resolve("postgres"));
        } catch (RuntimeException e) {
            stopRedis(redis);
            throw e;
        }
        try {
            kafka = LocalKafka.start(dataDirectory.resolve("kafka"), partitions);
        } catch (RuntimeException e) {
            closePostgres(postgres);
            stopRedis(redis);
            throw e;
        }
        ServerEndpoints endpoints = new ServerEndpoints(kafka.bootstrapServers(), postgres.getJdbcUrl("postgres", DATABASE),
                "postgres", "postgres", "127.0.0.1", redis.ports().get(0));
        log.info("Kafka, PostgreSQL and Redis up in {} ms, data in {}",
                Duration.ofNanos(System.nanoTime() - started).toMillis(), dataDirectory);
        return new LocalServers(redis, postgres, kafka, endpoints);
    }

    private static RedisServer startRedis(Path directory) {
        int port = LoopbackPorts.pick();
        try {
            Files.createDirectories(directory);
            RedisServer redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir \"" + directory.toAbsolutePath() + "\"")
                    // sessions and the push history survive a restart: every write is logged, synced each second
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    // push-service's epoch key must never be evicted (docs/push-service.md)
                    .setting("maxmemory-policy noeviction")
                    .build();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + port + " with data in " + directory, e);
        }
    }

    private static EmbeddedPostgres startPostgres(Path directory) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(LoopbackPorts.pick())
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setServerConfig("max_connections", "200")
                    .start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, DATABASE);
                try (ResultSet found = exists.executeQuery()) {
                    if (!found.next()) {
                        try (Statement create = connection.createStatement()) {
                            create.execute("CREATE DATABASE " + DATABASE);
                        }
                    }
                }
            } catch (SQLException e) {
                closePostgres(postgres);
                throw new IllegalStateException("cannot create the " + DATABASE + " database", e);
            }
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start with data in " + directory, e);
        }
    }

    public ServerEndpoints endpoints() {
        return endpoints;
    }

    /** Kafka first (it shuts down cleanly in a few seconds), then PostgreSQL and Redis, which flush on the way out. */
    @Override
    public void close() {
        kafka.close();
        closePostgres(postgres);
        stopRedis(redis);
    }

    private static void closePostgres(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            log.warn("PostgreSQL did not stop cleanly: {}", e.toString());
        }
    }

    private static void stopRedis(RedisServer redis) {
        try {
            redis.stop();
        } catch (IOException | RuntimeException e) {
            log.warn("Redis did not stop cleanly: {}", e.toString());
        }
    }
}
