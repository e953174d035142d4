package io.slotstream.push;

import io.slotstream.push.websocket.ConnectionBuffers;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Delivers booking events to browsers over WebSocket ({@code /ws}), with health and metrics, on port 8081. */
@SpringBootApplication
public class PushServiceApplication {

    /** The configuration file is push-service.yml, so this app can share a JVM with the others in the local stack. */
    public static SpringApplicationBuilder builder() {
        ConnectionBuffers.useSmallWebSocketBuffers(2048);
        return new SpringApplicationBuilder(PushServiceApplication.class).properties("spring.config.name=push-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
