package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that starts a service and exits without closing it (a test that failed half-way, a stack whose third
 * service did not start) must not leave the service running.
 */
class ServiceProcessReaperTests {

    @TempDir
    Path dir;

    @Test
    void aServiceStartedByAJvmThatExitsWithoutClosingItIsStoppedWithThatJvm() throws Exception {
        Path jar = sleeperJar();
        Process starter = new ProcessBuilder(
                        javaCommand(), "-cp", System.getProperty("java.class.path"),
                        StartsAndForgets.class.getName(), jar.toString(), dir.resolve("logs").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(starter.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(starter.waitFor(60, TimeUnit.SECONDS)).as("the starting JVM exits: %s", output).isTrue();

        long servicePid = Long.parseLong(output.lines()
                .filter(line -> line.startsWith("service pid "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no service pid in: " + output))
                .substring("service pid ".length())
                .strip());
        Optional<ProcessHandle> service = ProcessHandle.of(servicePid);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (service.isPresent() && service.get().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        try {
            assertThat(service.map(ProcessHandle::isAlive).orElse(false))
                    .as("service %d still running after the JVM that started it exited", servicePid)
                    .isFalse();
        } finally {
            service.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A jar whose main sleeps for a minute, found on this test's own output directory. */
    private Path sleeperJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Sleeper.class.getName());
        Path classes = Path.of(Sleeper.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        Path jar = dir.resolve("sleeper.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        return jar;
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The service: it ignores its arguments and sleeps; only being stopped ends it early. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }

    /** The careless caller: starts a service, prints its pid and returns from main without closing it. */
    public static final class StartsAndForgets {
        public static void main(String[] args) {
            ServiceProcess service = ServiceProcess.start(
                    "sleeper", Path.of(args[0]), Map.of("server.port", "1"), Path.of(args[1]), "32m");
            System.out.println("service pid " + service.pid());
        }
    }
}
