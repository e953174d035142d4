package io.slotstream.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the booking attempts. At a constant rate, attempt {@code i} is due at {@code start + i / rate}; its latency
 * is measured from that intended time, not from when a thread got round to sending it, so a stall of the system under
 * test shows up in the percentiles instead of quietly lowering the offered load (no coordinated omission). As fast as
 * possible, {@code concurrency} clients send back to back and the latency is measured from the actual send.
 */
final class LoadRunner {

    /** What happened to one attempt. */
    record Sent(AttemptPlan.Attempt attempt, long intendedNanos, long doneNanos, int status, String bookingId) {}

    private final HttpClient http;
    private final Scenario scenario;
    private final List<WebSession> users;
    private final List<UUID> slots;
    private final String run;
    final LatencySeries postLatency = new LatencySeries("POST /api/bookings");
    final LatencySeries postServiceTime = new LatencySeries("POST service time (from actual send)");
    final RateSeries accepted = new RateSeries("accepted");
    final Map<Integer, Sent> sent = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    final AtomicInteger failures = new AtomicInteger();
    volatile long firstIntended;
    volatile long lastDone;

    LoadRunner(HttpClient http, Scenario scenario, List<WebSession> users, List<UUID> slots, String run) {
        this.http = http;
        this.scenario = scenario;
        this.users = users;
        this.slots = slots;
        this.run = run;
    }

    void run(AttemptPlan plan, long origin) throws InterruptedException {
        List<AttemptPlan.Attempt> attempts = plan.attempts();
        HttpRequest[] requests = new HttpRequest[attempts.size()];
        for (AttemptPlan.Attempt a : attempts) {
            WebSession user = users.get(a.user());
            requests[a.index()] = user.postRequest("/api/bookings",
                    "{\"slotId\":\"" + slots.get(a.slot()) + "\"}",
                    Map.of("Idempotency-Key", "rush-" + run + "-" + a.index()));
        }
        AtomicInteger next = new AtomicInteger();
        long periodNanos = scenario.constantRate() ? 1_000_000_000L / scenario.rate() : 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        firstIntended = start;
        ExecutorService pool = Executors.newFixedThreadPool(scenario.concurrency(), r -> {
            Thread t = new Thread(r, "bench-load");
            t.setDaemon(true);
            return t;
        });
        for (int t = 0; t < scenario.concurrency(); t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < attempts.size(); i = next.getAndIncrement()) {
                    long intended = scenario.constantRate() ? start + i * periodNanos : 0;
                    if (scenario.constantRate()) {
                        long wait;
                        while ((wait = intended - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    send(attempts.get(i), requests[i], intended, origin);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("the load did not finish within 30 minutes");
        }
    }

    private void send(AttemptPlan.Attempt attempt, HttpRequest request, long intended, long origin) {
        long sentAt = System.nanoTime();
        long from = intended == 0 ? sentAt : intended;
        int status;
        String body;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
        } catch (Exception e) {
            status = -1;
            body = "";
            failures.incrementAndGet();
        }
        long done = System.nanoTime();
        lastDone = Math.max(lastDone, done);
        postLatency.record(origin, from, done - from);
        postServiceTime.record(origin, sentAt, done - sentAt);
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        String bookingId = null;
        if (status == 202 || status == 201 || status == 409) {
            bookingId = PushClients.field(body, status == 409 ? "bookingId" : "id");
        }
        if (status == 202 || status == 201) {
            accepted.mark(origin, done);
        }
        sent.put(attempt.index(), new Sent(attempt, from, done, status, bookingId == null ? "" : bookingId));
    }
}
