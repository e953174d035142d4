package io.slotstream.bench;

import java.util.Map;
import java.util.TreeMap;

/** Events per second of the run (accepted requests, decisions): the throughput-over-time plot. */
public final class RateSeries {

    private final String name;
    private final Map<Integer, Long> perSecond = new TreeMap<>();
    private long total;
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    public RateSeries(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized void mark(long originNanos, long atNanos) {
        int second = (int) Math.max(0, (atNanos - originNanos) / 1_000_000_000L);
        perSecond.merge(second, 1L, Long::sum);
        total++;
        firstNanos = Math.min(firstNanos, atNanos);
        lastNanos = Math.max(lastNanos, atNanos);
    }

    /** Every second from the first to the last event, seconds without an event as 0. */
    public synchronized Map<Integer, Long> perSecond() {
        Map<Integer, Long> filled = new TreeMap<>();
        if (perSecond.isEmpty()) {
            return filled;
        }
        int first = ((TreeMap<Integer, Long>) perSecond).firstKey();
        int last = ((TreeMap<Integer, Long>) perSecond).lastKey();
        for (int second = first; second <= last; second++) {
            filled.put(second, perSecond.getOrDefault(second, 0L));
        }
        return filled;
    }

    public synchronized long total() {
        return total;
    }

    /** Events per second between the first and the last event (0 for fewer than two). */
    public synchronized double meanRate() {
        if (total < 2 || lastNanos <= firstNanos) {
            return 0;
        }
        return (total - 1) / ((lastNanos - firstNanos) / 1e9);
    }

    public synchronized long firstNanos() {
        return firstNanos;
    }

    public synchronized long lastNanos() {
        return lastNanos;
    }

    /** Seconds between the first and the last event. */
    public synchronized double spanSeconds() {
        return total < 2 ? 0 : (lastNanos - firstNanos) / 1e9;
    }

    /** The highest events in one whole second of the run. */
    public synchronized long peakSecond() {
        return perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
