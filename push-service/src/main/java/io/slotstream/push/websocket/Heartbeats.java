package io.slotstream.push.websocket;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Once a second: every connection is checked for a stuck send and for silence, and pinged when its heartbeat
 * interval has passed. Browsers and most clients answer a WebSocket ping with a pong on their own.
 */
final class Heartbeats implements SmartLifecycle {

    private final ConnectionRegistry registry;
    private final ConnectionProperties limits;
    private volatile ScheduledExecutorService timer;

    Heartbeats(ConnectionRegistry registry, ConnectionProperties limits) {
        this.registry = registry;
        this.limits = limits;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "push-heartbeats");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    void sweep() {
        long now = System.currentTimeMillis();
        long interval = limits.heartbeatInterval().toMillis();
        long timeout = limits.heartbeatTimeout().toMillis();
        for (Connection connection : registry.all()) {
            try {
                connection.check(now, interval, timeout);
            } catch (RuntimeException e) {
                connection.terminate(org.springframework.web.socket.CloseStatus.SERVER_ERROR, "heartbeat_failed");
            }
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = timer;
        if (current != null) {
            current.shutdownNow();
        }
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
