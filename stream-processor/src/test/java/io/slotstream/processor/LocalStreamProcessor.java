package io.slotstream.processor;

import io.slotstream.testsupport.SharedServers;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Runs the stream processor against embedded Kafka (no Docker needed), for trying it out from the IDE. The
 * topics exist already; produce commands to the bootstrap servers printed in the log.
 */
public final class LocalStreamProcessor {

    private LocalStreamProcessor() {}

    public static void main(String[] args) {
        Map<String, Object> properties = new HashMap<>(SharedServers.get().endpoints().springProperties());
        new SpringApplicationBuilder(StreamProcessorApplication.class)
                .properties(properties)
                .run(args);
    }
}
