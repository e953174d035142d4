package io.slotstream.localstack;

import io.slotstream.testsupport.EmbeddedServers;
import io.slotstream.testsupport.FreePorts;
import io.slotstream.testsupport.ServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's run command: embedded KRaft Kafka, PostgreSQL and Redis in this JVM on free loopback ports, then
 * the stream processor, booking-api and push-service as processes of their own. Ctrl-C stops all of it.
 *
 * <p>Environment: {@code SLOTSTREAM_API_PORT} (default 8080, or a free port when 8080 is taken),
 * {@code SLOTSTREAM_PUSH_PORT} (default 8081, or a free port when taken),
 * {@code SLOTSTREAM_ADMIN_PASSWORD} (default {@code change-me-locally}).
 */
public final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private LocalStack() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int apiPort = preferredPort(Integer.parseInt(System.getenv().getOrDefault("SLOTSTREAM_API_PORT", "8080")));
        int pushPort = preferredPort(Integer.parseInt(System.getenv().getOrDefault("SLOTSTREAM_PUSH_PORT", "8081")));
        String adminPassword = System.getenv().getOrDefault("SLOTSTREAM_ADMIN_PASSWORD", "change-me-locally");
        Path work = Files.createTempDirectory("slotstream-local");
        List<AutoCloseable> running = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the local stack");
            List<AutoCloseable> reversed = new ArrayList<>(running);
            Collections.reverse(reversed);
            for (AutoCloseable closeable : reversed) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("Could not stop {}: {}", closeable, e.toString());
                }
            }
            stopped.countDown();
        }, "local-stack-stop"));

        EmbeddedServers servers = EmbeddedServers.start(ServerOptions.forTests());
        running.add(servers);
        Stack stack = new Stack(servers.endpoints(), work.resolve("streams"), work.resolve("logs"), adminPassword, Map.of());
        running.add(stack.startStreamProcessor("stream-processor"));
        ServiceProcess api = stack.startBookingApi("booking-api", apiPort, Map.of());
        running.add(api);
        String origins = String.join(",", "http://localhost:" + api.port(), "http://127.0.0.1:" + api.port(),
                "http://localhost:4200");
        ServiceProcess push = stack.startPushService("push-service", pushPort, origins, Map.of());
        running.add(push);

        System.out.printf("%n  Slotstream is ready.%n"
                        + "  API:      http://localhost:%d/api/categories%n"
                        + "  OpenAPI:  http://localhost:%d/swagger-ui.html%n"
                        + "  Push:     ws://localhost:%d/ws (needs the SESSION cookie of a signed-in user)%n"
                        + "  Admin:    admin / %s%n"
                        + "  Logs:     %s%n"
                        + "  Kafka %s, PostgreSQL %s, Redis %s:%d%n"
                        + "  Press Ctrl-C to stop.%n%n",
                api.port(), api.port(), push.port(), adminPassword, work.resolve("logs"), servers.endpoints().kafkaBootstrapServers(),
                servers.endpoints().jdbcUrl(), servers.endpoints().redisHost(), servers.endpoints().redisPort());
        stopped.await();
    }

    private static int preferredPort(int preferred) {
        try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException taken) {
            int free = FreePorts.pick();
            log.info("Port {} is taken; using {} instead", preferred, free);
            return free;
        }
    }
}
