package io.slotstream.localstack;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The stream processor, booking-api and push-service as processes of their own on the shared test servers, with a
 * database, a Kafka Streams application id, consumer groups and Redis keys of their own, so that test classes never see
 * each other's data.
 */
final class RunningStack implements AutoCloseable {

    static final String ADMIN_PASSWORD = "stack-secret-1";
    /** The origin the tests' WebSocket clients present, as a browser on the app's page would. */
    static final String ORIGIN = "http://localhost:8080";

    final ServerEndpoints servers;
    final Stack stack;
    final ServiceProcess processor;
    ServiceProcess api;
    final ServiceProcess push;
    /** Every booking-api and push-service instance, {@link #api} and {@link #push} first. */
    final List<ServiceProcess> apis = new ArrayList<>();
    final List<ServiceProcess> pushes = new ArrayList<>();
    private final JdbcClient jdbc;

    private RunningStack(ServerEndpoints servers, Stack stack, int apiInstances, int pushInstances, String origins) {
        this.servers = servers;
        this.stack = stack;
        // all at once: each service waits for what it needs, and the JVMs warm up side by side
        this.processor = stack.launchStreamProcessor("stream-processor");
        try {
            for (int i = 1; i <= apiInstances; i++) {
                apis.add(stack.launchBookingApi("booking-api" + (i == 1 ? "" : "-" + i), 0, Map.of()));
            }
            for (int i = 1; i <= pushInstances; i++) {
                pushes.add(stack.launchPushService("push-service" + (i == 1 ? "" : "-" + i), 0, origins, Map.of()));
            }
            processor.awaitReady(Stack.STARTUP);
            apis.forEach(service -> service.awaitReady(Stack.STARTUP));
            pushes.forEach(service -> service.awaitReady(Stack.STARTUP));
        } catch (RuntimeException e) {
            pushes.forEach(ServiceProcess::close);
            apis.forEach(ServiceProcess::close);
            processor.close();
            throw e;
        }
        this.api = apis.get(0);
        this.push = pushes.get(0);
        this.jdbc = JdbcClient.create(new SimpleDriverDataSource(
                new org.postgresql.Driver(), servers.jdbcUrl(), servers.jdbcUsername(), servers.jdbcPassword()));
    }

    static RunningStack start(String name) {
        return start(name, 1, 1, ORIGIN);
    }

    /** A stack whose push-service accepts pages from {@code pushOrigins} (comma-separated), e.g. a front door. */
    static RunningStack start(String name, String pushOrigins) {
        return start(name, 1, 1, pushOrigins);
    }

    /**
     * A stack with several booking-api and push-service instances; {@code origins} are the pages allowed to open
     * the WebSocket.
     */
    static RunningStack start(String name, int apiInstances, int pushInstances, String origins) {
        return start(name, apiInstances, pushInstances, origins, Map.of());
    }

    /**
     * A stack whose services also get {@code settings} (every service reads the ones meant for it), e.g. a short
     * {@code slotstream.processor.hold-duration} so that a hold expires within a test.
     */
    static RunningStack start(String name, String pushOrigins, Map<String, String> settings) {
        return start(name, 1, 1, pushOrigins, settings);
    }

    static RunningStack start(String name, int apiInstances, int pushInstances, String origins, Map<String, String> settings) {
        ServerEndpoints servers = SharedServers.withFreshDatabase(name);
        try {
            Path work = Files.createTempDirectory("stack-" + name);
            String suffix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
            Path logs = Path.of(System.getProperty("slotstream.logs", work.resolve("logs").toString())).resolve(suffix);
            // the attempt limits are raised: every test registers its people from 127.0.0.1 against one shared Redis,
            // and the races fire dozens of requests per person within seconds on purpose
            Map<String, String> properties = new java.util.LinkedHashMap<>(Map.of(
                    "slotstream.auth.limits.registrations-per-address", "1000000",
                    "slotstream.auth.limits.bookings-per-user", "1000000",
                    "slotstream.processor.application-id", "slotstream-" + suffix,
                    "slotstream.decisions.group-id", "booking-api-decisions-" + suffix,
                    "slotstream.push.kafka.group-id", "push-" + suffix,
                    "slotstream.push.relay.key-prefix", "push-" + suffix));
            properties.putAll(settings);
            Stack stack = new Stack(servers, work.resolve("streams"), logs, ADMIN_PASSWORD, properties);
            return new RunningStack(servers, stack, apiInstances, pushInstances, origins);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Kills booking-api (no clean shutdown) and starts a new one on the same data with the given overrides. */
    void crashAndRestartBookingApi(Map<String, String> overrides) {
        api.kill();
        api = stack.startBookingApi("booking-api-restarted", 0, overrides);
    }

    void restartBookingApi(Map<String, String> overrides) {
        api.close();
        api = stack.startBookingApi("booking-api-" + UUID.randomUUID().toString().substring(0, 4), 0, overrides);
    }

    ApiClient browser() {
        return new ApiClient("http://127.0.0.1:" + api.port());
    }

    ApiClient admin() {
        ApiClient admin = browser();
        ApiClient.Answer answer = admin.signIn("admin", ADMIN_PASSWORD);
        if (answer.status() != 200) {
            throw new IllegalStateException("admin cannot sign in: " + answer.body());
        }
        return admin;
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Override
    public void close() {
        pushes.forEach(ServiceProcess::close);
        api.close();
        apis.forEach(ServiceProcess::close);
        processor.close();
    }
}
