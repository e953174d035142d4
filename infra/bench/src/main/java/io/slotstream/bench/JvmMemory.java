package io.slotstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap of another JVM of this machine, through {@code jcmd}: a full collection ({@code GC.run}, i.e.
 * {@code System.gc()}, which is a full, compacting collection with G1, Parallel and Serial) and then
 * {@code GC.heap_info}, whose "used" is then what the live objects take. The process's RSS is read from
 * {@code /proc}.
 */
final class JvmMemory {

    /** Heap after a full collection: used, committed ("total"), and the collector's own first line. */
    record Heap(long usedBytes, long committedBytes, String collector) {}

    // " garbage-first heap   total 262144K, used 20971K [...]", " def new generation   total 4928K, used 1234K [...]",
    // " PSYoungGen      total 76288K, used 3932K [...]": the generations; Metaspace and class space have no "total"
    private static final Pattern GENERATION = Pattern.compile("^\\s*(\\S[^,]*?)\\s+total (\\d+)K, used (\\d+)K");
    // ZGC: " ZHeap           used 8M, capacity 36M, max capacity 1024M"
    private static final Pattern ZGC = Pattern.compile("^\\s*ZHeap\\s+used (\\d+)M, capacity (\\d+)M");

    private JvmMemory() {}

    /** Sums the generations of a {@code GC.heap_info} answer. */
    static Heap parseHeapInfo(String heapInfo) {
        long used = 0;
        long committed = 0;
        List<String> collectors = new ArrayList<>();
        for (String line : heapInfo.split("\n")) {
            Matcher g = GENERATION.matcher(line);
            if (g.find()) {
                collectors.add(g.group(1).trim());
                committed += Long.parseLong(g.group(2)) * 1024;
                used += Long.parseLong(g.group(3)) * 1024;
                continue;
            }
            Matcher z = ZGC.matcher(line);
            if (z.find()) {
                collectors.add("ZHeap");
                used += Long.parseLong(z.group(1)) * 1024 * 1024;
                committed += Long.parseLong(z.group(2)) * 1024 * 1024;
            }
        }
        if (collectors.isEmpty()) {
            throw new IllegalArgumentException("no heap figures in GC.heap_info: " + heapInfo);
        }
        return new Heap(used, committed, String.join(" + ", collectors));
    }

    /** Runs a full collection in {@code pid}, then reads its heap. */
    static Heap afterFullGc(long pid) {
        jcmd(pid, "GC.run");
        return parseHeapInfo(jcmd(pid, "GC.heap_info"));
    }

    /** The {@code top} classes by bytes of live objects ({@code GC.class_histogram}, which collects first). */
    static List<String> topClasses(long pid, int top) {
        List<String> rows = new ArrayList<>();
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            String t = line.trim();
            // "  1:   123456   7890123  [B (java.base@17)"; the first line is the pid alone ("22658:")
            if (t.matches("\\d+:\\s+\\d+\\s+\\d+\\s+.*")) {
                rows.add(t.replaceAll("\\s+", " "));
                if (rows.size() == top) {
                    break;
                }
            }
        }
        return rows;
    }

    static String jcmd(long pid, String command) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jcmd = java.endsWith("/java") ? java.substring(0, java.length() - 4) + "jcmd" : "jcmd";
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
