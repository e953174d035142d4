package io.slotstream.push.websocket;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * One client connection: its user, where it stands in the broadcast stream, and a bounded queue in front of its
 * {@link ConcurrentWebSocketSessionDecorator}.
 *
 * <p>A connection starts catching up: frames offered meanwhile wait in {@code pending}. {@link #goLive} sends
 * those with a seq above what the catch-up sent and from then on frames go straight to the queue. Every broadcast
 * frame is queued only if its seq is above the last one queued, so the catch-up and the live stream can overlap
 * without a duplicate.
 */
final class Connection {

    static final CloseStatus TOO_SLOW = new CloseStatus(4001, "too slow: send limits exceeded");
    static final CloseStatus NO_HEARTBEAT = new CloseStatus(4002, "no heartbeat");
    static final CloseStatus RESTART = CloseStatus.SERVICE_RESTARTED;
    static final CloseStatus SIGNED_OUT = new CloseStatus(4003, "session ended");

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final WebSocketSession session;
    private final ConcurrentWebSocketSessionDecorator out;
    private final UUID userId;
    private final String sessionId;
    private final Executor senders;
    private final Executor closer;
    private final PushMetrics metrics;
    private final long bufferLimit;
    private final long sendTimeLimitMillis;

    private final Object lock = new Object();
    private boolean live; // guarded by lock
    private long lastSeq; // guarded by lock: the highest broadcast seq queued or sent
    private final ArrayDeque<OutFrame> pending = new ArrayDeque<>(); // guarded by lock
    private long pendingBytes; // guarded by lock

    private final ConcurrentLinkedQueue<OutFrame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastHeard = System.currentTimeMillis();
    private volatile long lastPing = System.currentTimeMillis();

    Connection(
            WebSocketSession session,
            UUID userId,
            String sessionId,
            ConnectionProperties limits,
            Executor senders,
            Executor closer,
            PushMetrics metrics) {
        this.session = session;
        this.userId = userId;
        this.sessionId = sessionId;
        this.senders = senders;
        this.closer = closer;
        this.metrics = metrics;
        this.sendTimeLimitMillis = limits.sendTimeLimit().toMillis();
        this.bufferLimit = limits.bufferSizeLimit().toBytes();
        this.out = new ConcurrentWebSocketSessionDecorator(
                session, (int) sendTimeLimitMillis, (int) Math.min(Integer.MAX_VALUE, bufferLimit),
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    }

    String id() {
        return session.getId();
    }

    UUID userId() {
        return userId;
    }

    /** The booking-api session this connection was opened with. */
    String sessionId() {
        return sessionId;
    }

    boolean isOpen() {
        return !closing.get() && session.isOpen();
    }

    /** Relay reader: a broadcast frame. Never blocks. */
    void offerBroadcast(OutFrame frame) {
        synchronized (lock) {
            if (!live) {
                hold(frame);
            } else if (frame.seq() > lastSeq) {
                lastSeq = frame.seq();
                enqueue(frame);
            }
        }
    }

    /** Relay reader, handler or heartbeat: a frame outside the broadcast sequence. Never blocks. */
    void offer(OutFrame frame) {
        synchronized (lock) {
            if (!live && frame.kind() == OutFrame.Kind.PRIVATE) {
                hold(frame);
            } else {
                enqueue(frame);
            }
        }
    }

    /** Resume thread: sends one catch-up frame now; blocks while the client is slow, up to the send-time limit. */
    void sendNow(WebSocketMessage<?> message, long seq, long eventTimestamp, OutFrame.Kind kind) throws IOException {
        if (closing.get()) {
            throw new IOException("connection is closing");
        }
        out.sendMessage(message);
        metrics.sent(new OutFrame(seq, message, eventTimestamp, kind));
    }

    /** Resume thread: the catch-up sent everything up to {@code position}; queue what arrived meanwhile. */
    void goLive(long position) {
        synchronized (lock) {
            lastSeq = position;
            for (OutFrame frame : pending) {
                if (frame.seq() == OutFrame.NO_SEQ) {
                    enqueue(frame);
                } else if (frame.seq() > lastSeq) {
                    lastSeq = frame.seq();
                    enqueue(frame);
                }
            }
            pending.clear();
            pendingBytes = 0;
            live = true;
        }
    }

    /** Relay reader: the broadcast stream restarted at seq 1 in a new epoch. */
    void restartSequence(OutFrame resync) {
        synchronized (lock) {
            if (!live) {
                // its catch-up belongs to the old epoch; the client reconnects and starts again
                terminate(RESTART, "epoch_changed");
                return;
            }
            lastSeq = 0;
            enqueue(resync);
        }
    }

    void heard() {
        lastHeard = System.currentTimeMillis();
    }

    /** Heartbeat thread: closes a dead or stuck connection, or pings when it is time. */
    void check(long now, long heartbeatIntervalMillis, long heartbeatTimeoutMillis) {
        if (closing.get()) {
            return;
        }
        if (out.getTimeSinceSendStarted() > sendTimeLimitMillis) {
            terminate(TOO_SLOW, "slow");
        } else if (now - lastHeard > heartbeatTimeoutMillis) {
            terminate(NO_HEARTBEAT, "heartbeat");
        } else if (now - lastPing >= heartbeatIntervalMillis) {
            lastPing = now;
            offer(new OutFrame(OutFrame.NO_SEQ, new org.springframework.web.socket.PingMessage(), 0, OutFrame.Kind.PING));
        }
    }

    /** Closes the connection from the server side, once, without blocking the caller. */
    void terminate(CloseStatus status, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        metrics.dropped(reason);
        log.info("Closing connection {} of user {}: {}", session.getId(), userId, status.getReason());
        closer.execute(() -> {
            try {
                session.close(status);
            } catch (IOException | RuntimeException e) {
                log.debug("Closing {} failed: {}", session.getId(), e.toString());
            }
        });
    }

    /** Called once the session is closed, whoever closed it. */
    void closed() {
        closing.set(true);
        queue.clear();
        synchronized (lock) {
            pending.clear();
        }
    }

    private void hold(OutFrame frame) {
        pending.add(frame);
        pendingBytes += frame.size();
        if (pendingBytes > bufferLimit) {
            terminate(TOO_SLOW, "slow");
        }
    }

    private void enqueue(OutFrame frame) {
        if (closing.get()) {
            return;
        }
        long queued = queuedBytes.addAndGet(frame.size()) + out.getBufferSize();
        if (queued > bufferLimit || out.getTimeSinceSendStarted() > sendTimeLimitMillis) {
            terminate(TOO_SLOW, "slow");
            return;
        }
        queue.add(frame);
        if (pumping.compareAndSet(false, true)) {
            senders.execute(this::pump);
        }
    }

    /** Sender thread: drains the queue in order; at most one pump per connection runs at a time. */
    private void pump() {
        while (true) {
            OutFrame frame;
            while ((frame = queue.poll()) != null) {
                queuedBytes.addAndGet(-frame.size());
                if (closing.get()) {
                    continue;
                }
                try {
                    out.sendMessage(frame.message());
                    metrics.sent(frame);
                } catch (SessionLimitExceededException e) {
                    terminate(TOO_SLOW, "slow");
                } catch (IOException | RuntimeException e) {
                    terminate(CloseStatus.SERVER_ERROR, "send_failed");
                }
            }
            pumping.set(false);
            if (queue.isEmpty() || !pumping.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
