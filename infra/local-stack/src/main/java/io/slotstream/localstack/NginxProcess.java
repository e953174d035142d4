package io.slotstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's nginx with the real {@code nginx/} configuration, as a child process on a loopback port in front of
 * running services. It needs no root: the pid file, logs and temp folders are placeholders in the configuration
 * and point into {@code runDirectory}. Used by the local stack and by the tests that go through nginx.
 */
public final class NginxProcess implements AutoCloseable {

    /** Where Debian's {@code nginx} package installs the binary; {@code SLOTSTREAM_NGINX} names another one. */
    public static final Path DEBIAN_NGINX = Path.of("/usr/sbin/nginx");

    /** What to do when nginx is missing, for messages. */
    public static final String INSTALL_HINT = "install it with 'sudo apt-get install -y nginx' (Debian/Ubuntu)";

    private static final Logger log = LoggerFactory.getLogger(NginxProcess.class);

    private final int port;
    private final Path runDirectory;
    private final Process process;

    private NginxProcess(int port, Path runDirectory, Process process) {
        this.port = port;
        this.runDirectory = runDirectory;
        this.process = process;
    }

    /**
     * What nginx fronts.
     *
     * @param port loopback port to listen on
     * @param bookingApiPorts loopback ports of the booking-api instances
     * @param pushPorts loopback ports of the push-service instances
     * @param staticRoot the Angular build (its {@code index.html} and hashed files)
     */
    public record Site(int port, List<Integer> bookingApiPorts, List<Integer> pushPorts, Path staticRoot) {
        public Site {
            bookingApiPorts = List.copyOf(bookingApiPorts);
            pushPorts = List.copyOf(pushPorts);
            if (bookingApiPorts.isEmpty() || pushPorts.isEmpty()) {
                throw new IllegalArgumentException("nginx needs at least one booking-api and one push-service");
            }
        }
    }

    /** The nginx binary: {@code SLOTSTREAM_NGINX} when set, else Debian's, when it is there. */
    public static Optional<Path> binary() {
        String configured = System.getenv("SLOTSTREAM_NGINX");
        Path candidate = configured == null || configured.isBlank() ? DEBIAN_NGINX : Path.of(configured);
        return Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** The binary, or a failure that says how to install it. */
    public static Path requireBinary() {
        return binary().orElseThrow(() -> new IllegalStateException(
                "nginx is not installed (no executable " + DEBIAN_NGINX + " and no SLOTSTREAM_NGINX); " + INSTALL_HINT));
    }

    /** The placeholder values for this site, with nginx's files under {@code runDirectory}. */
    public static Map<String, String> values(Site site, Path runDirectory) {
        Map<String, String> values = new LinkedHashMap<>();
        // only takes effect when nginx is started as root; then the workers stay this user and can read the
        // checkout and the run folder, which are not world-readable
        values.put("NGINX_USER", System.getProperty("user.name", "nobody"));
        values.put("NGINX_WORKER_PROCESSES", "2");
        values.put("NGINX_PID_FILE", runDirectory.resolve("nginx.pid").toString());
        values.put("NGINX_ERROR_LOG", runDirectory.resolve("logs/error.log").toString());
        values.put("NGINX_ACCESS_LOG", runDirectory.resolve("logs/access.log").toString());
        values.put("NGINX_TEMP_DIR", runDirectory.resolve("temp").toString());
        values.put("NGINX_LISTEN", "127.0.0.1:" + site.port());
        values.put("NGINX_STATIC_ROOT", site.staticRoot().toAbsolutePath().toString());
        values.put("NGINX_BOOKING_API_SERVERS", servers(site.bookingApiPorts()));
        values.put("NGINX_PUSH_SERVERS", servers(site.pushPorts()));
        return values;
    }

    private static String servers(List<Integer> ports) {
        // a refused connection takes an instance out for 5 s, so a stopped instance costs one retry, not every request
        return ports.stream()
                .map(port -> "server 127.0.0.1:" + port + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining(" "));
    }

    /** Renders the configuration into {@code runDirectory}, checks it with {@code nginx -t}, and starts nginx. */
    public static NginxProcess start(Path binary, Site site, Path runDirectory, Duration timeout) {
        if (!Files.isRegularFile(site.staticRoot().resolve("index.html"))) {
            throw new IllegalArgumentException("no index.html in the static root " + site.staticRoot());
        }
        try {
            Files.createDirectories(runDirectory.resolve("logs"));
            Files.createDirectories(runDirectory.resolve("temp"));
            Path conf = NginxConfig.render(values(site, runDirectory), runDirectory.resolve("conf"));
            List<String> base = List.of(binary.toString(), "-p", runDirectory + "/", "-c", conf.toString(),
                    "-e", runDirectory.resolve("logs/error.log").toString());
            Path checkLog = runDirectory.resolve("logs/nginx-t.log");
            Process check = new ProcessBuilder(concat(base, "-t"))
                    .redirectErrorStream(true)
                    .redirectOutput(checkLog.toFile())
                    .start();
            if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new IllegalStateException("nginx -t rejected " + conf + ":\n" + Files.readString(checkLog));
            }
            Path output = runDirectory.resolve("logs/nginx.out");
            Process process = new ProcessBuilder(concat(base, "-g", "daemon off;"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
            NginxProcess nginx = new NginxProcess(site.port(), runDirectory, process);
            nginx.awaitListening(timeout);
            log.info("nginx listening on http://127.0.0.1:{} (pid {}, config {})", site.port(), process.pid(), conf);
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nginx", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting nginx", e);
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n" + errors());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("nginx not listening on " + port + " after " + timeout + ":\n" + errors());
    }

    private String errors() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("logs/nginx.out", "logs/error.log")) {
            Path file = runDirectory.resolve(name);
            if (Files.isRegularFile(file)) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    public int port() {
        return port;
    }

    /** The address to open, e.g. {@code http://localhost:8080}. */
    public String address() {
        return "http://localhost:" + port;
    }

    /** The folder with the rendered configuration ({@code conf/}) and nginx's logs ({@code logs/}). */
    public Path runDirectory() {
        return runDirectory;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (nginx's fast shutdown: the master stops its workers), then SIGKILL after 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("nginx stopped");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
