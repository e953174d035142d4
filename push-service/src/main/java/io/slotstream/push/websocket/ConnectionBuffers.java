package io.slotstream.push.websocket;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The memory one open WebSocket costs. Tomcat gives every connection a socket read and write buffer (8 KB each) and
 * every WebSocket three more (input, output and encoder, 8 KB each by {@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE});
 * with the handshake's leftovers that came to about 60 KB of heap per idle connection, so 20,000 connections needed
 * more than a gibibyte (docs/performance.md). Slotstream's frames are a few hundred bytes and clients may send at
 * most {@code max-client-frame} (1 KB), so small buffers lose nothing: a larger frame is read or written in pieces.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionBuffers {

    /** Read by Tomcat's WebSocket classes once, when they load: set it before anything starts Tomcat. */
    static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    /** Sets the WebSocket buffer size unless the command line already did. */
    public static void useSmallWebSocketBuffers(int bytes) {
        if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
            System.setProperty(WEBSOCKET_BUFFER_PROPERTY, Integer.toString(bytes));
        }
    }

    @Bean
    TomcatConnectorCustomizer smallSocketBuffers(ConnectionProperties limits) {
        String bytes = Long.toString(limits.socketBufferSize().toBytes());
        return connector -> {
            connector.setProperty("socket.appReadBufSize", bytes);
            connector.setProperty("socket.appWriteBufSize", bytes);
        };
    }
}
