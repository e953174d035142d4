package io.slotstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's run command: Kafka, PostgreSQL and Redis on free loopback ports with their data in one folder, the
 * stream processor, booking-api and push-service as processes of their own (as in production), and Debian's nginx
 * with the real {@code nginx/} configuration in front of them when it is installed, serving the Angular build.
 * Ctrl-C stops everything it started; the next run continues on the same data.
 *
 * <p>Environment: {@code SLOTSTREAM_DATA_DIR} (default {@code .local-stack} in the checkout),
 * {@code SLOTSTREAM_PORT} (nginx's port; default 8080, or a free port when 8080 is taken),
 * {@code SLOTSTREAM_STATIC_ROOT} (default {@code frontend/dist/slotstream/browser} in the checkout),
 * {@code SLOTSTREAM_ADMIN_PASSWORD} (default {@code change-me-locally}), {@code SLOTSTREAM_NGINX} (default
 * {@code /usr/sbin/nginx}).
 */
public final class LocalStack implements AutoCloseable {

    /** The Angular build, relative to the checkout. */
    public static final Path FRONTEND_BUILD = Path.of("frontend", "dist", "slotstream", "browser");

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /**
     * How to run the stack.
     *
     * @param dataDirectory where the servers keep their data, the services their logs and state
     * @param preferredPort the one address's port (nginx's, or booking-api's without nginx); a free one when taken
     * @param adminPassword password of the first admin, user {@code admin}
     * @param staticRoot the Angular build; null or missing means a page that says how to build it
     * @param nginx the nginx binary, or null to run without it
     */
    public record Options(Path dataDirectory, int preferredPort, String adminPassword, @Nullable Path staticRoot,
            @Nullable Path nginx) {

        /** The README's run: everything from the environment, defaults relative to the checkout. */
        public static Options fromEnvironment() {
            Map<String, String> env = System.getenv();
            Path checkout = checkout();
            Path data = Path.of(env.getOrDefault("SLOTSTREAM_DATA_DIR", checkout.resolve(".local-stack").toString()));
            Path staticRoot = Path.of(env.getOrDefault("SLOTSTREAM_STATIC_ROOT", checkout.resolve(FRONTEND_BUILD).toString()));
            return new Options(data.toAbsolutePath(), Integer.parseInt(env.getOrDefault("SLOTSTREAM_PORT", "8080")),
                    env.getOrDefault("SLOTSTREAM_ADMIN_PASSWORD", "change-me-locally"), staticRoot,
                    NginxProcess.binary().orElse(null));
        }
    }

    private final List<AutoCloseable> running;
    private final LocalServers servers;
    private final ServiceProcess bookingApi;
    private final ServiceProcess pushService;
    private final @Nullable NginxProcess nginx;
    private final boolean frontendBuilt;

    private LocalStack(List<AutoCloseable> running, LocalServers servers, ServiceProcess bookingApi,
            ServiceProcess pushService, @Nullable NginxProcess nginx, boolean frontendBuilt) {
        this.running = running;
        this.servers = servers;
        this.bookingApi = bookingApi;
        this.pushService = pushService;
        this.nginx = nginx;
        this.frontendBuilt = frontendBuilt;
    }

    public static void main(String[] args) throws InterruptedException {
        Options options = Options.fromEnvironment();
        CountDownLatch stopped = new CountDownLatch(1);
        List<AutoCloseable> running = Collections.synchronizedList(new ArrayList<>());
        // Ctrl-C: the terminal sends SIGINT to every process of the group; this hook stops, newest first, what this
        // JVM started and waits for each, so that nothing outlives the command
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the local stack");
            closeAll(running);
            log.info("Stopped");
            stopped.countDown();
        }, "local-stack-stop"));
        LocalStack stack;
        try {
            stack = start(options, running);
        } catch (RuntimeException e) {
            log.error("The local stack did not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        System.out.print(stack.banner(options));
        stopped.await();
    }

    /** Starts everything; the caller closes the result. */
    public static LocalStack start(Options options) {
        return start(options, Collections.synchronizedList(new ArrayList<>()));
    }

    private static LocalStack start(Options options, List<AutoCloseable> running) {
        Path data = options.dataDirectory();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + data, e);
        }
        log.info("Data folder {}", data);
        try {
            LocalServers servers = LocalServers.start(data, 4);
            running.add(servers);
            Stack stack = new Stack(servers.endpoints(), data.resolve("stream-processor"), data.resolve("logs"),
                    options.adminPassword(), Map.of());
            // with nginx the services take free ports and nginx the preferred one; without, booking-api takes it
            int nginxPort = options.nginx() == null ? 0 : preferredPort(options.preferredPort());
            int apiPort = options.nginx() == null ? preferredPort(options.preferredPort()) : LoopbackPorts.pick();
            int pushPort = LoopbackPorts.pick();
            String origins = String.join(",", origins(nginxPort), origins(apiPort), "http://localhost:4200");
            // all three at once; each waits for its own dependencies
            ServiceProcess processor = stack.launchStreamProcessor("stream-processor");
            running.add(processor);
            ServiceProcess api = stack.launchBookingApi("booking-api", apiPort, Map.of());
            running.add(api);
            ServiceProcess push = stack.launchPushService("push-service", pushPort, origins, Map.of());
            running.add(push);
            processor.awaitReady(Stack.STARTUP);
            api.awaitReady(Stack.STARTUP);
            push.awaitReady(Stack.STARTUP);

            NginxProcess nginx = null;
            boolean frontendBuilt = options.staticRoot() != null && Files.isRegularFile(options.staticRoot().resolve("index.html"));
            if (options.nginx() != null) {
                Path staticRoot = frontendBuilt ? options.staticRoot() : placeholderPage(data.resolve("placeholder"), options);
                nginx = NginxProcess.start(options.nginx(),
                        new NginxProcess.Site(nginxPort, List.of(api.port()), List.of(push.port()), staticRoot),
                        data.resolve("nginx"), Duration.ofSeconds(30));
                running.add(nginx);
            }
            return new LocalStack(running, servers, api, push, nginx, frontendBuilt);
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
    }

    private static String origins(int port) {
        return port == 0 ? "http://localhost:8080" : "http://localhost:" + port + ",http://127.0.0.1:" + port;
    }

    /** What nginx serves when there is no Angular build: how to get one. */
    private static Path placeholderPage(Path directory, Options options) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("index.html"), """
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><title>Slotstream</title></head>
                    <body><h1>Slotstream is running</h1>
                    <p>The web app is not built: there is no index.html in <code>%s</code>.
                    Build it (see README.md), or set SLOTSTREAM_STATIC_ROOT, and run the stack again.</p>
                    <p>The API answers under <a href="/api/categories">/api</a>, its description at
                    <a href="/v3/api-docs">/v3/api-docs</a>.</p></body></html>
                    """.formatted(options.staticRoot()));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where to open the app: nginx when it runs, else booking-api directly. */
    public String address() {
        return nginx != null ? nginx.address() : "http://localhost:" + bookingApi.port();
    }

    public Optional<NginxProcess> nginx() {
        return Optional.ofNullable(nginx);
    }

    public LocalServers servers() {
        return servers;
    }

    public ServiceProcess bookingApi() {
        return bookingApi;
    }

    public ServiceProcess pushService() {
        return pushService;
    }

    String banner(Options options) {
        StringBuilder text = new StringBuilder("\n  Slotstream is ready.\n\n");
        if (nginx != null) {
            text.append("  Open:     ").append(nginx.address()).append("/\n");
            if (!frontendBuilt) {
                text.append("            (the web app is not built: no index.html in ").append(options.staticRoot())
                        .append("; nginx serves a page saying so, the API works)\n");
            }
        } else {
            text.append("  nginx is not installed, so there is no single address and no web app; ")
                    .append(NginxProcess.INSTALL_HINT).append(" and run again.\n")
                    .append("  API:      ").append(address()).append("/api/categories\n")
                    .append("  Push:     ws://localhost:").append(pushService.port()).append("/ws\n");
        }
        text.append("  Admin:    admin / ").append(options.adminPassword()).append('\n')
                .append("  Data:     ").append(options.dataDirectory()).append(" (kept between runs; delete it to start afresh)\n")
                .append("  Logs:     ").append(options.dataDirectory().resolve("logs")).append('\n')
                .append("  Services: booking-api http://127.0.0.1:").append(bookingApi.port())
                .append(", push-service http://127.0.0.1:").append(pushService.port()).append(" (health at /actuator/health)\n")
                .append("  Servers:  Kafka ").append(servers.endpoints().kafkaBootstrapServers())
                .append(", PostgreSQL ").append(servers.endpoints().jdbcUrl())
                .append(", Redis ").append(servers.endpoints().redisHost()).append(':').append(servers.endpoints().redisPort())
                .append("\n\n  Press Ctrl-C to stop.\n\n");
        return text.toString();
    }

    /** Stops everything it started, newest first, waiting for each. */
    @Override
    public void close() {
        closeAll(running);
    }

    private static void closeAll(List<AutoCloseable> running) {
        List<AutoCloseable> reversed;
        synchronized (running) {
            reversed = new ArrayList<>(running);
            running.clear();
        }
        Collections.reverse(reversed);
        for (AutoCloseable closeable : reversed) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Could not stop {}: {}", closeable, e.toString());
            }
        }
    }

    private static int preferredPort(int preferred) {
        try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException taken) {
            int free = LoopbackPorts.pick();
            log.info("Port {} is taken; using {} instead", preferred, free);
            return free;
        }
    }

    /** The checkout: the nearest folder up from here with {@code infra/run}, else the current folder. */
    static Path checkout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra").resolve("run"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
