package io.slotstream.testsupport;

import io.slotstream.events.TopicLayout;
import io.slotstream.events.TopicNames;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The same three servers as containers, for machines with a Docker engine. */
public final class ContainerServers implements Servers {

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;
    private final GenericContainer<?> redis;
    private final ServerEndpoints endpoints;

    private ContainerServers(
            KafkaContainer kafka, PostgreSQLContainer postgres, GenericContainer<?> redis, ServerEndpoints endpoints) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
        this.endpoints = endpoints;
    }

    @SuppressWarnings("resource") // closed in close()
    public static ContainerServers start(ServerOptions options) {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"))
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse("postgres:18-alpine"))
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        GenericContainer<?> redis =
                new GenericContainer<>(DockerImageName.parse("redis:8-alpine")).withExposedPorts(6379);
        kafka.start();
        postgres.start();
        redis.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
            admin.createTopics(TopicLayout.newTopics(TopicNames.defaults(), options.partitions(), (short) 1))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the Slotstream topics", e);
        }
        ServerEndpoints endpoints = new ServerEndpoints(
                kafka.getBootstrapServers(),
                postgres.getJdbcUrl(),
                postgres.getUsername(),
                postgres.getPassword(),
                redis.getHost(),
                redis.getMappedPort(6379));
        return new ContainerServers(kafka, postgres, redis, endpoints);
    }

    @Override
    public ServerEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public String createDatabase(String name) {
        try (Connection connection =
                        DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        String url = postgres.getJdbcUrl();
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query));
    }

    @Override
    public void close() {
        redis.stop();
        postgres.stop();
        kafka.stop();
    }
}
