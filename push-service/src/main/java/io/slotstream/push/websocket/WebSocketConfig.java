package io.slotstream.push.websocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.push.relay.History;
import io.slotstream.push.session.SessionProperties;
import io.slotstream.push.session.SignedInUsers;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The {@code /ws} endpoint, its threads, and the container's frame size limits. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@org.springframework.boot.context.properties.EnableConfigurationProperties(ConnectionProperties.class)
class WebSocketConfig implements WebSocketConfigurer {

    private final ConnectionProperties limits;
    private final SignedInUsers users;
    private final SessionProperties sessions;
    private final PushHandler handler;

    WebSocketConfig(
            ConnectionProperties limits,
            SignedInUsers users,
            SessionProperties sessions,
            ConnectionRegistry registry,
            History history,
            PushMetrics metrics,
            ExecutorService pushSenders,
            ExecutorService pushResumers,
            ExecutorService pushCloser) {
        this.limits = limits;
        this.users = users;
        this.sessions = sessions;
        this.handler = new PushHandler(registry, new ResumePlanner(history, limits.resumePage()), limits, pushSenders,
                pushResumers, pushCloser, metrics);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws")
                .addInterceptors(new SessionHandshakeInterceptor(users, sessions.cookieName()))
                .setAllowedOrigins(limits.allowedOrigins().toArray(String[]::new));
    }

    @Bean
    static ConnectionRegistry connectionRegistry() {
        return new ConnectionRegistry();
    }

    @Bean
    static PushMetrics pushMetrics(MeterRegistry meters, ConnectionRegistry registry) {
        return new PushMetrics(meters, registry);
    }

    @Bean
    static SessionEnds sessionEnds(
            ConnectionRegistry registry,
            SignedInUsers users,
            SessionProperties sessions,
            org.springframework.data.redis.connection.RedisConnectionFactory redis) {
        return new SessionEnds(registry, users, sessions, redis);
    }

    @Bean
    static Heartbeats heartbeats(ConnectionRegistry registry, ConnectionProperties limits) {
        return new Heartbeats(registry, limits);
    }

    @Bean(destroyMethod = "shutdownNow")
    static ExecutorService pushSenders(ConnectionProperties limits) {
        return Executors.newFixedThreadPool(limits.senderThreads(), daemon("push-sender-"));
    }

    @Bean(destroyMethod = "shutdownNow")
    static ExecutorService pushResumers(ConnectionProperties limits) {
        return Executors.newFixedThreadPool(limits.resumeThreads(), daemon("push-resume-"));
    }

    @Bean(destroyMethod = "shutdownNow")
    static ExecutorService pushCloser() {
        return Executors.newFixedThreadPool(2, daemon("push-closer-"));
    }

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer(ConnectionProperties limits) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int max = (int) limits.maxClientFrame().toBytes();
        container.setMaxTextMessageBufferSize(max);
        container.setMaxBinaryMessageBufferSize(max);
        container.setAsyncSendTimeout(limits.sendTimeLimit().toMillis());
        return container;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
