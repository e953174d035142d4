package io.slotstream.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the services' executable jars: from the system properties the build sets
 * ({@code slotstream.jar.<service>}), or else in the service's {@code target} folder of this checkout.
 */
public final class ServiceJars {

    private ServiceJars() {}

    public static Path bookingApi() {
        return find("booking-api");
    }

    public static Path streamProcessor() {
        return find("stream-processor");
    }

    public static Path pushService() {
        return find("push-service");
    }

    private static Path find(String service) {
        String configured = System.getProperty("slotstream.jar." + service);
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve(service).resolve("target");
            if (Files.isDirectory(target)) {
                try (var jars = Files.list(target)) {
                    return jars.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("no executable jar in " + target));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("cannot find the " + service + " jar; run 'mvn install -DskipTests' first");
    }
}
