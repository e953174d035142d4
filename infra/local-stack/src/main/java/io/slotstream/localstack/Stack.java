package io.slotstream.localstack;

import io.slotstream.testsupport.ServerEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Slotstream services on a given set of servers: the stream processor, booking-api and push-service, each a
 * process of its own. Used by the local stack and by the whole-flow tests, so both run the services the same way.
 *
 * @param servers where Kafka, PostgreSQL and Redis listen
 * @param stateDirectory the stream processor's local state
 * @param logDirectory where each service writes its log
 * @param extraProperties further properties for every service (highest precedence)
 */
public record Stack(
        ServerEndpoints servers, Path stateDirectory, Path logDirectory, String adminPassword, Map<String, String> extraProperties) {

    /** Generous: on a busy two-core CI machine a JVM can take minutes to start. */
    public static final Duration STARTUP = Duration.ofSeconds(Long.getLong("slotstream.startup-seconds", 600));

    public ServiceProcess startStreamProcessor(String name) {
        return launchStreamProcessor(name).awaitReady(STARTUP);
    }

    /** Starts the stream processor without waiting for it; call {@link ServiceProcess#awaitReady} before using it. */
    public ServiceProcess launchStreamProcessor(String name) {
        Map<String, String> properties = new LinkedHashMap<>(servers.springProperties());
        properties.keySet().removeIf(key -> key.startsWith("spring.datasource") || key.startsWith("spring.data.redis"));
        properties.put("server.port", Integer.toString(LoopbackPorts.pick()));
        properties.put("slotstream.processor.state-dir", stateDirectory.resolve(name).toString());
        properties.putAll(extraProperties);
        return ServiceProcess.start(name, ServiceJars.streamProcessor(), properties, logDirectory, "512m");
    }

    /**
     * Starts push-service; {@code allowedOrigins} are the pages that may open its WebSocket (booking-api's origin,
     * where the single-page app is served from).
     */
    public ServiceProcess startPushService(String name, int port, String allowedOrigins, Map<String, String> overrides) {
        return launchPushService(name, port, allowedOrigins, overrides).awaitReady(STARTUP);
    }

    /** Starts push-service without waiting for it; call {@link ServiceProcess#awaitReady} before using it. */
    public ServiceProcess launchPushService(String name, int port, String allowedOrigins, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(servers.springProperties());
        properties.keySet().removeIf(key -> key.startsWith("spring.datasource"));
        properties.put("server.port", Integer.toString(port == 0 ? LoopbackPorts.pick() : port));
        properties.put("slotstream.push.allowed-origins", allowedOrigins);
        properties.putAll(extraProperties);
        properties.putAll(overrides);
        return ServiceProcess.start(name, ServiceJars.pushService(), properties, logDirectory, "384m");
    }

    public ServiceProcess startBookingApi(String name, int port, Map<String, String> overrides) {
        return launchBookingApi(name, port, overrides).awaitReady(STARTUP);
    }

    /** Starts booking-api without waiting for it; call {@link ServiceProcess#awaitReady} before using it. */
    public ServiceProcess launchBookingApi(String name, int port, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(servers.springProperties());
        properties.put("server.port", Integer.toString(port == 0 ? LoopbackPorts.pick() : port));
        properties.put("slotstream.accounts.admin.password", adminPassword);
        properties.putAll(extraProperties);
        properties.putAll(overrides);
        return ServiceProcess.start(name, ServiceJars.bookingApi(), properties, logDirectory, "768m");
    }
}
