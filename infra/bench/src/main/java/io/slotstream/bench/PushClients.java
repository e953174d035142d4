package io.slotstream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket side: each requester's own connection, where its private {@code booking_confirmed} /
 * {@code booking_rejected} frames arrive, and the listeners, which only watch the broadcasts. Frames are looked at
 * with plain string search rather than a JSON parser: thousands of connections each get every broadcast, and the
 * benchmark must not become the bottleneck it measures.
 */
final class PushClients implements AutoCloseable {

    private final HttpClient http;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-ws");
        t.setDaemon(true);
        return t;
    });
    private final URI endpoint;
    private final List<WebSocket> sockets = new ArrayList<>();
    /** bookingId → nanoTime the owner's private decision frame arrived (first one). */
    final Map<String, Long> privateDecisions = new ConcurrentHashMap<>();
    final Map<String, String> privateStatus = new ConcurrentHashMap<>();
    final List<ArrivalLog> listenerLogs = new ArrayList<>();
    final AtomicLong framesReceived = new AtomicLong();
    final AtomicLong closedUnexpectedly = new AtomicLong();
    private volatile Map<String, Integer> slotIndex = Map.of();
    private volatile boolean closing;

    PushClients(String wsUrl) {
        this.endpoint = URI.create(wsUrl);
        this.http = HttpClient.newBuilder().executor(executor).build();
    }

    void slotIndex(Map<String, Integer> index) {
        this.slotIndex = index;
    }

    /** Opens one connection per session for private frames. */
    void connectRequesters(List<WebSession> sessions) {
        connect(sessions, s -> new Frames(false, null));
    }

    /** Opens {@code count} listener connections, spread over the given sessions. */
    void connectListeners(List<WebSession> sessions, int count) {
        List<WebSession> spread = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spread.add(sessions.get(i % sessions.size()));
        }
        connect(spread, s -> {
            ArrivalLog log = new ArrivalLog();
            synchronized (listenerLogs) {
                listenerLogs.add(log);
            }
            return new Frames(true, log);
        });
    }

    private void connect(List<WebSession> sessions, java.util.function.Function<WebSession, Frames> listener) {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (WebSession session : sessions) {
            inFlight.acquireUninterruptibly();
            CompletableFuture<WebSocket> f = http.newWebSocketBuilder()
                    .header("Cookie", "SESSION=" + session.cookie("SESSION"))
                    .connectTimeout(java.time.Duration.ofSeconds(30))
                    .buildAsync(endpoint, listener.apply(session))
                    .whenComplete((ws, e) -> inFlight.release());
            opening.add(f);
        }
        for (CompletableFuture<WebSocket> f : opening) {
            try {
                WebSocket ws = f.get(60, TimeUnit.SECONDS);
                synchronized (sockets) {
                    sockets.add(ws);
                }
            } catch (Exception e) {
                throw new IllegalStateException("a WebSocket did not open: " + e, e);
            }
        }
    }

    int open() {
        synchronized (sockets) {
            return sockets.size();
        }
    }

    /** Broadcast arrivals at one listener: slot index and nanoTime of each {@code booking_created} frame. */
    static final class ArrivalLog {
        private int[] slots = new int[1024];
        private long[] times = new long[1024];
        private int size;

        synchronized void add(int slot, long nanos) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
                times = Arrays.copyOf(times, size * 2);
            }
            slots[size] = slot;
            times[size] = nanos;
            size++;
        }

        synchronized int size() {
            return size;
        }

        synchronized int slot(int i) {
            return slots[i];
        }

        synchronized long time(int i) {
            return times[i];
        }
    }

    /** Reads one connection's frames. */
    private final class Frames implements WebSocket.Listener {
        private final boolean listener;
        private final ArrivalLog log;
        private final StringBuilder partial = new StringBuilder();

        Frames(boolean listener, ArrivalLog log) {
            this.listener = listener;
            this.log = log;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            String frame;
            if (partial.length() == 0 && last) {
                frame = data.toString();
            } else {
                partial.append(data);
                if (!last) {
                    webSocket.request(1);
                    return null;
                }
                frame = partial.toString();
                partial.setLength(0);
            }
            framesReceived.incrementAndGet();
            String type = field(frame, "type");
            if (listener) {
                if ("booking_created".equals(type)) {
                    Integer slot = slotIndex.get(field(frame, "slotId"));
                    if (slot != null) {
                        log.add(slot, now);
                    }
                }
            } else if ("booking_confirmed".equals(type) || "booking_rejected".equals(type)) {
                String bookingId = field(frame, "bookingId");
                if (bookingId != null) {
                    privateDecisions.putIfAbsent(bookingId, now);
                    privateStatus.putIfAbsent(bookingId, "booking_confirmed".equals(type) ? "CONFIRMED" : "REJECTED");
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closing) {
                closedUnexpectedly.incrementAndGet();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closing) {
                closedUnexpectedly.incrementAndGet();
            }
        }
    }

    /** The string value of {@code "name":"..."} in a flat-enough JSON frame, or null. */
    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    @Override
    public void close() {
        closing = true;
        synchronized (sockets) {
            sockets.forEach(WebSocket::abort);
        }
        executor.shutdownNow();
    }
}
