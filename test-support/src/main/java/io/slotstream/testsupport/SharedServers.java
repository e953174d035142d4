package io.slotstream.testsupport;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The servers of one test JVM, started on first use and stopped when the JVM exits. The system property or
 * environment variable {@code slotstream.servers} ({@code SLOTSTREAM_SERVERS}) chooses {@code embedded},
 * {@code containers} or {@code auto} (the default: containers when a Docker engine answers).
 */
public final class SharedServers {

    private static final Logger log = LoggerFactory.getLogger(SharedServers.class);
    private static volatile Servers servers;
    private static int databases;

    private SharedServers() {}

    public static Servers get() {
        Servers current = servers;
        if (current == null) {
            synchronized (SharedServers.class) {
                current = servers;
                if (current == null) {
                    current = startChosen(ServerOptions.forTests());
                    Runtime.getRuntime().addShutdownHook(new Thread(current::close, "slotstream-servers-stop"));
                    servers = current;
                }
            }
        }
        return current;
    }

    /** Endpoints with a database of its own, so test classes sharing the servers never see each other's rows. */
    public static synchronized ServerEndpoints withFreshDatabase(String prefix) {
        Servers shared = get();
        String name = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + (++databases);
        return shared.endpoints().withJdbcUrl(shared.createDatabase(name));
    }

    public static Servers startChosen(ServerOptions options) {
        String choice = System.getProperty("slotstream.servers", System.getenv().getOrDefault("SLOTSTREAM_SERVERS", "auto"));
        boolean containers = switch (choice.toLowerCase(Locale.ROOT)) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> dockerAnswers();
        };
        log.info("Starting {} Kafka, PostgreSQL and Redis", containers ? "containerised" : "embedded");
        return containers ? ContainerServers.start(options) : EmbeddedServers.start(options);
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
