package io.slotstream.processor;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the booking decision topology, with health and metrics on port 8082. */
@SpringBootApplication
public class StreamProcessorApplication {

    /** The configuration file is stream-processor.yml, so this app can share a JVM with the others in the local stack. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(StreamProcessorApplication.class).properties("spring.config.name=stream-processor");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
