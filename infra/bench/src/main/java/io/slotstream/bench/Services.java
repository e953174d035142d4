package io.slotstream.bench;

import io.slotstream.localstack.ServiceJars;
import io.slotstream.localstack.ServiceProcess;
import io.slotstream.testsupport.FreePorts;
import io.slotstream.testsupport.ServerEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the services from their executable jars with the same properties as the local stack's {@code Stack}, but
 * waits as long as the benchmark is told to: on a machine busy with other builds a Spring Boot service can take
 * longer than the stack's two minutes to report healthy.
 */
record Services(ServerEndpoints servers, Path stateDirectory, Path logDirectory, String adminPassword, Duration startup) {

    ServiceProcess streamProcessor(String name, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(servers.springProperties());
        properties.keySet().removeIf(key -> key.startsWith("spring.datasource") || key.startsWith("spring.data.redis"));
        properties.put("server.port", Integer.toString(FreePorts.pick()));
        properties.put("slotstream.processor.state-dir", stateDirectory.resolve(name).toString());
        properties.putAll(overrides);
        return ServiceProcess.start(name, ServiceJars.streamProcessor(), properties, logDirectory, "512m").awaitReady(startup);
    }

    ServiceProcess bookingApi(String name) {
        Map<String, String> properties = new LinkedHashMap<>(servers.springProperties());
        properties.put("server.port", Integer.toString(FreePorts.pick()));
        properties.put("slotstream.accounts.admin.password", adminPassword);
        return ServiceProcess.start(name, ServiceJars.bookingApi(), properties, logDirectory, "768m").awaitReady(startup);
    }

    ServiceProcess pushService(String name, String allowedOrigins) {
        return pushService(name, allowedOrigins, "384m");
    }

    /** With another heap: the WebSocket capacity phase gives its push-service the target's 1 GiB. */
    ServiceProcess pushService(String name, String allowedOrigins, String heap) {
        Map<String, String> properties = new LinkedHashMap<>(servers.springProperties());
        properties.keySet().removeIf(key -> key.startsWith("spring.datasource"));
        properties.put("server.port", Integer.toString(FreePorts.pick()));
        properties.put("slotstream.push.allowed-origins", allowedOrigins);
        return ServiceProcess.start(name, ServiceJars.pushService(), properties, logDirectory, heap).awaitReady(startup);
    }
}
