package io.slotstream.push.websocket;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The WebSocket endpoint and its limits.
 *
 * @param allowedOrigins origins whose pages may open {@code /ws}; any other {@code Origin} is refused with 403.
 *     Default {@code http://localhost:8080, http://localhost:4200}.
 * @param sendTimeLimit how long one send to a client may take before the client is dropped as too slow. Default 5s.
 * @param bufferSizeLimit frames queued for one client before it is dropped as too slow. Default 512KB.
 * @param heartbeatInterval how often the server pings each client. Default 20s.
 * @param heartbeatTimeout a client from which nothing (pong or frame) arrived for this long is closed. Default 60s.
 * @param maxClientFrame largest frame a client may send; a larger one closes that connection (1009). Default 1KB.
 * @param senderThreads threads that write to clients. Default 4.
 * @param resumeThreads threads that run the catch-up of new connections. Default 2.
 * @param resumePage frames read from the history per Redis call during a catch-up. Default 1000.
 * @param socketBufferSize Tomcat's socket read and write buffer per connection (see {@link ConnectionBuffers}).
 *     Default 4KB.
 */
@ConfigurationProperties("slotstream.push")
public record ConnectionProperties(
        @DefaultValue({"http://localhost:8080", "http://localhost:4200"}) List<String> allowedOrigins,
        @DefaultValue("5s") Duration sendTimeLimit,
        @DefaultValue("512KB") DataSize bufferSizeLimit,
        @DefaultValue("20s") Duration heartbeatInterval,
        @DefaultValue("60s") Duration heartbeatTimeout,
        @DefaultValue("1KB") DataSize maxClientFrame,
        @DefaultValue("4") int senderThreads,
        @DefaultValue("2") int resumeThreads,
        @DefaultValue("1000") int resumePage,
        @DefaultValue("4KB") DataSize socketBufferSize) {}
