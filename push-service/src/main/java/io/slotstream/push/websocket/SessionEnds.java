package io.slotstream.push.websocket;

import io.slotstream.push.session.SessionProperties;
import io.slotstream.push.session.SignedInUsers;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Closes the connections of a session that ended, so that signing out also ends live updates already flowing.
 * booking-api announces the id of a session it deleted at sign-out on {@code <namespace>:ended}; every instance
 * listens and closes its connections of that session with 4003. As a backstop (an announcement missed while
 * Redis was away, a session that expired), the sessions of open connections are looked up again every
 * {@code recheck-interval}; one that is gone closes its connections the same way. A Redis outage closes nothing.
 */
final class SessionEnds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionEnds.class);

    private final ConnectionRegistry registry;
    private final SignedInUsers users;
    private final SessionProperties properties;
    private final RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
    private volatile ScheduledExecutorService timer;

    SessionEnds(ConnectionRegistry registry, SignedInUsers users, SessionProperties properties, RedisConnectionFactory redis) {
        this.registry = registry;
        this.users = users;
        this.properties = properties;
        listener.setConnectionFactory(redis);
        listener.addMessageListener(
                (message, pattern) -> ended(new String(message.getBody(), StandardCharsets.UTF_8), "announced"),
                new ChannelTopic(properties.endedChannel()));
    }

    void ended(String sessionId, String how) {
        int closed = registry.endSession(sessionId);
        if (closed > 0) {
            log.info("Session ended ({}): closed {} connection(s)", how, closed);
        }
    }

    /** Looks up the session of every open connection; closes those whose session is gone. */
    void recheck() {
        Set<String> sessionIds = registry.all().stream().map(Connection::sessionId).collect(Collectors.toSet());
        for (String sessionId : sessionIds) {
            try {
                if (users.userOfSession(sessionId).isEmpty()) {
                    ended(sessionId, "recheck");
                }
            } catch (DataAccessException e) {
                log.debug("Session recheck skipped, session store unreachable: {}", e.toString());
                return;
            }
        }
    }

    @Override
    public void start() {
        listener.afterPropertiesSet();
        listener.start();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "push-session-recheck");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.recheckInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                recheck();
            } catch (RuntimeException e) {
                log.warn("Session recheck failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = timer;
        if (current != null) {
            current.shutdownNow();
        }
        timer = null;
        listener.stop();
        try {
            listener.destroy();
        } catch (Exception e) {
            log.debug("Stopping the session listener: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
