package io.slotstream.localstack;

import io.slotstream.events.TopicLayout;
import io.slotstream.events.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KRaft Kafka node (broker and controller in one) in this JVM, whose log and metadata live in a folder that
 * survives restarts. The folder is formatted once with a random, then stable, cluster id; later runs start on
 * what is there. Ports are free ones each run: a single node re-registers its new address with itself.
 */
final class LocalKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private LocalKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    static LocalKafka start(Path directory, int partitions) {
        int port = LoopbackPorts.pick();
        int controllerPort = LoopbackPorts.pick();
        Properties properties = new Properties();
        properties.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", directory.toAbsolutePath().toString()),
                // one broker: internal topics cannot have more replicas than brokers; fewer partitions load faster
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "10"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "10"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false")));
        try {
            Files.createDirectories(directory);
            if (!Files.exists(directory.resolve("meta.properties"))) {
                format(directory, properties);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            server.startup();
            LocalKafka kafka = new LocalKafka(server, "127.0.0.1:" + port);
            kafka.createMissingTopics(partitions);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka folder " + directory, e);
        }
    }

    private static void format(Path directory, Properties properties) throws IOException {
        Path config = Files.createTempFile("slotstream-kafka", ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "formatting the local stack's Kafka folder");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String clusterId = Uuid.randomUuid().toString();
        int status = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        Files.deleteIfExists(config);
        if (status != 0) {
            throw new IllegalStateException("cannot format " + directory + ": " + output.toString(StandardCharsets.UTF_8));
        }
        log.info("Kafka folder {} formatted for cluster {}", directory, clusterId);
    }

    /** The Slotstream topics, as booking-events' TopicLayout lays them out, unless a previous run made them. */
    private void createMissingTopics(int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "120000"))) {
            Set<String> existing = admin.listTopics().names().get(2, TimeUnit.MINUTES);
            List<NewTopic> missing = TopicLayout.newTopics(TopicNames.defaults(), partitions, (short) 1).stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(2, TimeUnit.MINUTES);
                log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not take the Slotstream topics", e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** A clean shutdown, so that the next start need not recover the log. */
    @Override
    public void close() {
        Thread stopper = new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "local-kafka-stop");
        stopper.start();
        try {
            stopper.join(Duration.ofSeconds(30).toMillis());
            if (stopper.isAlive()) {
                log.warn("Kafka did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
