package io.slotstream.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds: one HdrHistogram for the whole run and one per second of the run (by the second the
 * latency was measured from: the intended send time for requests), for the percentiles-over-time plot.
 */
public final class LatencySeries {

    static final long HIGHEST = TimeUnit.MINUTES.toNanos(10);

    private final String name;
    private final Histogram total = new Histogram(HIGHEST, 3);
    private final Map<Integer, Histogram> perSecond = new TreeMap<>();

    public LatencySeries(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records one latency measured from {@code startNanos}, relative to the run's {@code originNanos}. */
    public synchronized void record(long originNanos, long startNanos, long latencyNanos) {
        long value = Math.max(0, Math.min(latencyNanos, HIGHEST));
        total.recordValue(value);
        int second = (int) Math.max(0, (startNanos - originNanos) / 1_000_000_000L);
        perSecond.computeIfAbsent(second, s -> new Histogram(HIGHEST, 2)).recordValue(value);
    }

    public synchronized Histogram total() {
        return total.copy();
    }

    public synchronized Map<Integer, Histogram> perSecond() {
        Map<Integer, Histogram> copy = new TreeMap<>();
        perSecond.forEach((second, histogram) -> copy.put(second, histogram.copy()));
        return copy;
    }

    public synchronized long count() {
        return total.getTotalCount();
    }
}
