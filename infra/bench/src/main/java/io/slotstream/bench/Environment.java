package io.slotstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the run ran on: it belongs next to every figure. */
final class Environment {

    private Environment() {}

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (Exception ignored) {
            // not Linux
        }
        long memory = Runtime.getRuntime().maxMemory();
        try {
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(memory);
        } catch (Exception ignored) {
            // not Linux
        }
        m.put("machine", String.format(java.util.Locale.ROOT, "%d cores (%s), %.0f GiB", Runtime.getRuntime().availableProcessors(),
                cpu, memory / 1073741824.0));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("started", Instant.now().toString());
        return m;
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine depresses every figure. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
