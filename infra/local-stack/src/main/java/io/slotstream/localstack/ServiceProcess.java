package io.slotstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Slotstream service running as its own JVM from its executable jar, exactly as in production; only the
 * command-line properties differ. Its output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * Every service this JVM started and has not closed. A caller that fails half-way (a later service does not
     * start, a test times out) may never close the ones before; the shutdown hook stops them when this JVM exits,
     * so no service outlives the stack that started it.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcess::stopAllRunning, "service-process-reaper"));
    }

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /** System property: more JVM options for every service process, separated by spaces. */
    public static final String JVM_OPTIONS = "slotstream.service.jvm-options";

    /** Starts the jar with {@code --key=value} arguments; {@code server.port} must be among them. */
    public static ServiceProcess start(String name, Path jar, Map<String, String> properties, Path logDirectory, String heap) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": no executable jar at " + jar + "; build it with 'mvn install -DskipTests'");
        }
        int port = Integer.parseInt(properties.get("server.port"));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        // more JVM options for every service, space-separated (the tests start services by the dozen with quicker
        // starting ones); unset for the local stack and the benchmark, which run the JVM's defaults
        for (String option : System.getProperty(JVM_OPTIONS, "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(jar.toString());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(logDirectory);
            Path logFile = logDirectory.resolve(name + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            RUNNING.add(process);
            log.info("{} starting on port {} (pid {}, log {})", name, port, process.pid(), logFile);
            return new ServiceProcess(name, port, logFile, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until the service's health endpoint answers UP. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> answer = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    log.info("{} is ready on port {}", name, port);
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + logFile);
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to finish anything, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
        RUNNING.remove(process);
        log.info("{} killed", name);
    }

    /** The process id, for tests that watch the process from outside. */
    public long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 20 seconds. */
    @Override
    public void close() {
        RUNNING.remove(process);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(20))) {
            log.warn("{} did not stop within 20 s; killing it", name);
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        log.info("{} stopped", name);
    }

    /** SIGTERM to all still running, a few seconds to stop, then SIGKILL: a shutdown hook cannot wait long. */
    private static void stopAllRunning() {
        List<Process> left = List.copyOf(RUNNING);
        left.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        for (Process p : left) {
            try {
                long rest = deadline - System.nanoTime();
                if (rest <= 0 || !p.waitFor(rest, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
