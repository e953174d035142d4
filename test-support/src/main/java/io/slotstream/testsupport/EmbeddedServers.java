package io.slotstream.testsupport;

import io.slotstream.events.TopicLayout;
import io.slotstream.events.TopicNames;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

/**
 * Kafka (one KRaft broker in this JVM), PostgreSQL (real binaries in a child process) and Redis (real binary in
 * a child process), with no Docker engine needed.
 */
public final class EmbeddedServers implements Servers {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

    private final EmbeddedKafkaKraftBroker kafka;
    private final EmbeddedPostgres postgres;
    private final RedisServer redis;
    private final ServerEndpoints endpoints;

    private EmbeddedServers(
            EmbeddedKafkaKraftBroker kafka, EmbeddedPostgres postgres, RedisServer redis, ServerEndpoints endpoints) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
        this.endpoints = endpoints;
    }

    public static EmbeddedServers start(ServerOptions options) {
        long started = System.nanoTime();
        RedisServer redis = startRedis(options);
        EmbeddedPostgres postgres = startPostgres(options);
        EmbeddedKafkaKraftBroker kafka = startKafka(options);
        int redisPort = redis.ports().get(0);
        ServerEndpoints endpoints = new ServerEndpoints(
                kafka.getBrokersAsString(),
                postgres.getJdbcUrl("postgres", "postgres"),
                "postgres",
                "postgres",
                "127.0.0.1",
                redisPort);
        log.info(
                "Embedded servers up in {} ms: kafka={} postgres={} redis=127.0.0.1:{}",
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                endpoints.kafkaBootstrapServers(),
                endpoints.jdbcUrl(),
                redisPort);
        return new EmbeddedServers(kafka, postgres, redis, endpoints);
    }

    private static RedisServer startRedis(ServerOptions options) {
        int port = FreePorts.pickIfZero(options.redisPort());
        try {
            RedisServer redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    // the stack keeps sessions and the push history here; no snapshots to disk in tests
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + port, e);
        }
    }

    private static EmbeddedPostgres startPostgres(ServerOptions options) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(FreePorts.pickIfZero(options.postgresPort()))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // the booking race opens many connections at once
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", options.dataDirectory() == null ? "off" : "on");
            if (options.dataDirectory() != null) {
                Path dir = options.dataDirectory().resolve("postgres");
                Files.createDirectories(dir);
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    private static EmbeddedKafkaKraftBroker startKafka(ServerOptions options) {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, options.partitions());
        kafka.kafkaPorts(FreePorts.pickIfZero(options.kafkaPort()));
        kafka.brokerProperties(Map.of(
                // a single broker: the transaction log and offsets cannot have more replicas than brokers
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false"));
        if (options.dataDirectory() != null) {
            kafka.brokerProperty("log.dirs", options.dataDirectory().resolve("kafka").toString());
        }
        kafka.afterPropertiesSet();
        NewTopic[] topics = TopicLayout.newTopics(TopicNames.defaults(), options.partitions(), (short) 1)
                .toArray(NewTopic[]::new);
        kafka.addTopicsWithResults(topics);
        return kafka;
    }

    /** The broker itself, for tests that stop and restart it. */
    public EmbeddedKafkaKraftBroker kafka() {
        return kafka;
    }

    /** The PostgreSQL server, for tests that need its data directory or port. */
    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** The Redis server, for tests that stop and restart it. */
    public RedisServer redis() {
        return redis;
    }

    @Override
    public ServerEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public String createDatabase(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    @Override
    public void close() {
        try {
            kafka.destroy();
        } catch (RuntimeException e) {
            log.warn("Kafka did not stop cleanly", e);
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly", e);
        }
        try {
            redis.stop();
        } catch (IOException e) {
            log.warn("Redis did not stop cleanly", e);
        }
    }
}
