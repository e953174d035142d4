package io.slotstream.bench;

import io.slotstream.localstack.ServiceProcess;
import io.slotstream.testsupport.EmbeddedServers;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the benchmark runs against: the local stack it starts itself (embedded Kafka in this JVM, PostgreSQL and Redis
 * as child processes, each service as its own JVM from its executable jar, exactly as {@code ./infra/run} does), or a
 * stack somebody else runs at a given URL.
 */
final class Target implements AutoCloseable {

    final String apiBase;
    final String wsUrl;
    final String adminUser;
    final String adminPassword;
    final @Nullable ServerEndpoints servers;
    private final Duration startup;
    private final @Nullable EmbeddedServers embedded;
    private final @Nullable Path work;
    private final List<ServiceProcess> services = new ArrayList<>();

    private Target(String apiBase, String wsUrl, String adminUser, String adminPassword,
            @Nullable ServerEndpoints servers, @Nullable EmbeddedServers embedded, @Nullable Path work, Duration startup) {
        this.startup = startup;
        this.apiBase = apiBase;
        this.wsUrl = wsUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.servers = servers;
        this.embedded = embedded;
        this.work = work;
    }

    static Target start(Scenario scenario) {
        if (!scenario.local()) {
            ServerEndpoints servers = scenario.kafka() == null || scenario.jdbcUrl() == null ? null
                    : new ServerEndpoints(scenario.kafka(), scenario.jdbcUrl(), scenario.jdbcUser(), scenario.jdbcPassword(), "127.0.0.1", 0);
            return new Target(scenario.baseUrl(), scenario.wsUrl(), scenario.adminUser(), scenario.adminPassword(), servers, null, null, scenario.startup());
        }
        try {
            Path work = Files.createTempDirectory("slotstream-bench");
            EmbeddedServers embedded = EmbeddedServers.start(ServerOptions.forTests());
            ServerEndpoints servers = embedded.endpoints();
            Services stack = new Services(servers, work.resolve("streams"), work.resolve("logs"), scenario.adminPassword(), scenario.startup());
            Target target = null;
            List<ServiceProcess> started = new ArrayList<>();
            try {
                started.add(stack.streamProcessor("stream-processor", Map.of()));
                ServiceProcess api = stack.bookingApi("booking-api");
                started.add(api);
                ServiceProcess push = stack.pushService("push-service", "http://127.0.0.1:" + api.port());
                started.add(push);
                target = new Target("http://127.0.0.1:" + api.port(), "ws://127.0.0.1:" + push.port() + "/ws",
                        "admin", scenario.adminPassword(), servers, embedded, work, scenario.startup());
                target.services.addAll(started);
                return target;
            } finally {
                if (target == null) {
                    started.forEach(ServiceProcess::close);
                    embedded.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean local() {
        return embedded != null;
    }

    /** Another stream processor on the same servers with other properties, for the stream processor alone. */
    ServiceProcess streamProcessor(String name, Map<String, String> properties) {
        if (servers == null || work == null) {
            throw new IllegalStateException("only on the local stack");
        }
        return new Services(servers, work.resolve("streams-alone"), work.resolve("logs"), adminPassword, startup)
                .streamProcessor(name, properties);
    }

    /** Another push-service on the same servers (Redis relays every broadcast to it too), with the given heap. */
    ServiceProcess pushService(String name, String heap) {
        if (servers == null || work == null) {
            throw new IllegalStateException("only on the local stack");
        }
        return new Services(servers, work.resolve("streams"), work.resolve("logs"), adminPassword, startup)
                .pushService(name, apiBase, heap);
    }

    Path logs() {
        return work == null ? Path.of(".") : work.resolve("logs");
    }

    /** The processes to sample: this JVM (load generator and embedded Kafka), the services, PostgreSQL and Redis. */
    List<ProcessSampler.Watched> watched() {
        List<ProcessSampler.Watched> watched = new ArrayList<>();
        watched.add(new ProcessSampler.Watched("bench + embedded Kafka (this JVM)", () -> Optional.of(ProcessHandle.current()), false));
        if (!local() || servers == null) {
            return watched;
        }
        watched.add(new ProcessSampler.Watched("booking-api", () -> Processes.childRunning("booking-api"), false));
        watched.add(new ProcessSampler.Watched("stream-processor", () -> Processes.childRunning("stream-processor"), false));
        watched.add(new ProcessSampler.Watched("push-service", () -> Processes.childRunning("push-service"), false));
        String pgPort = servers.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1");
        watched.add(new ProcessSampler.Watched("PostgreSQL (all backends)", () -> Processes.find(
                c -> c.contains("/bin/postgres") && c.contains(pgPort)), true));
        String redisPort = Integer.toString(servers.redisPort());
        watched.add(new ProcessSampler.Watched("Redis", () -> Processes.find(
                c -> c.contains("redis-server") && c.contains(redisPort)), false));
        return watched;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
