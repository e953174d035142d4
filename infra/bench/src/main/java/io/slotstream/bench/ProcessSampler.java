package io.slotstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CPU and memory of each process of the stack, read from {@code /proc/<pid>/stat} (user + system clock ticks) and
 * {@code /proc/<pid>/status} (VmRSS) once a second. A process group (PostgreSQL is a postmaster and one backend per
 * connection) is summed over the root and all its descendants. Linux only; elsewhere it reports nothing.
 */
final class ProcessSampler implements AutoCloseable {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** A named process group, found again at every sample (backends come and go). */
    record Watched(String name, Supplier<Optional<ProcessHandle>> root, boolean withDescendants) {}

    /** One second of one group. */
    record Sample(double atSeconds, double cpuCores, long rssBytes) {}

    private final List<Watched> watched;
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, Long> lastTicks = new LinkedHashMap<>();
    private final long origin;
    private long lastAt;
    private final Thread thread;
    private volatile boolean running = true;

    ProcessSampler(List<Watched> watched, long originNanos) {
        this.watched = watched;
        this.origin = originNanos;
        watched.forEach(w -> samples.put(w.name(), new ArrayList<>()));
        thread = new Thread(this::loop, "bench-process-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        double seconds = lastAt == 0 ? 0 : (now - lastAt) / 1e9;
        for (Watched w : watched) {
            Optional<ProcessHandle> root = w.root().get();
            if (root.isEmpty()) {
                continue;
            }
            long ticks = 0;
            long rss = 0;
            List<ProcessHandle> group = new ArrayList<>();
            group.add(root.get());
            if (w.withDescendants()) {
                root.get().descendants().forEach(group::add);
            }
            for (ProcessHandle p : group) {
                ticks += ticks(p.pid());
                rss += rss(p.pid());
            }
            Long before = lastTicks.put(w.name(), ticks);
            if (before != null && seconds > 0) {
                double cores = Math.max(0, ticks - before) / TICKS_PER_SECOND / seconds;
                samples.get(w.name()).add(new Sample((now - origin) / 1e9, cores, rss));
            }
        }
        lastAt = now;
    }

    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(3) ... utime(14) stime(15), i.e. indexes 11 and 12 here
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between the listing and the read
        }
        return 0;
    }

    /** Per group: mean and peak CPU (cores) between {@code from} and {@code to} seconds of the run, and peak RSS. */
    synchronized Map<String, Map<String, Object>> summary(double from, double to) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        samples.forEach((name, list) -> {
            List<Sample> window = list.stream().filter(s -> s.atSeconds() >= from && s.atSeconds() <= to + 1).toList();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("cpu_cores_mean", Stats.round(window.stream().mapToDouble(Sample::cpuCores).average().orElse(0)));
            s.put("cpu_cores_peak", Stats.round(window.stream().mapToDouble(Sample::cpuCores).max().orElse(0)));
            s.put("rss_mb_peak", Stats.round(list.stream().mapToLong(Sample::rssBytes).max().orElse(0) / 1048576.0));
            s.put("samples", window.size());
            out.put(name, s);
        });
        return out;
    }

    synchronized Map<String, List<Sample>> samples() {
        Map<String, List<Sample>> copy = new LinkedHashMap<>();
        samples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
