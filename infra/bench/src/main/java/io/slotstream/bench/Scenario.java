package io.slotstream.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark run, read from {@code --key=value} arguments and optionally a properties file
 * ({@code --scenario=file}; arguments win over the file).
 *
 * @param name a label for the report files
 * @param attempts booking attempts (POST /api/bookings)
 * @param users signed-in people making the attempts; each asks for {@code attempts / users} different slots
 * @param slots slots on sale
 * @param capacity places per slot
 * @param listeners extra WebSocket connections that only watch the broadcasts
 * @param rate offered attempts per second (constant rate, latency from the intended send time); 0 for as fast as
 *     {@code concurrency} clients can go
 * @param duration with a rate: send for this long ({@code attempts = rate * duration}); null to send {@code attempts}
 * @param concurrency HTTP requests in flight at most
 * @param baseUrl booking-api of a running stack; null to start the local stack
 * @param wsUrl push-service WebSocket of that stack
 * @param kafka Kafka bootstrap servers of a running stack (for the decision watcher and the limits); null when local
 * @param jdbcUrl the stack's database (for the correctness check and the PostgreSQL limit); null when local
 * @param limits whether to measure the limits of the parts after the rush
 * @param jfr whether to record the services and this program with JDK Flight Recorder during the rush
 * @param startup how long each service of the local stack may take to report healthy
 * @param seed shuffles the order of attempts
 * @param out where the reports go
 * @param outboxDrain rows pre-loaded into booking-api's outbox to time the relay draining them; 0 skips the phase
 * @param wsCapacity idle WebSocket connections one push-service of its own is given; 0 skips the phase
 * @param wsBroadcastTo of those, how many write down when each broadcast arrived
 * @param wsBroadcasts how many broadcasts (slots opened through the API, one at a time) the phase sends
 * @param wsBroadcastGap the pause between two of them
 * @param wsHeap the -Xmx of that push-service (the target's 1 GiB by default; the stack's own has 384m)
 * @param wsPerClient connections per client JVM at most (20,000 file descriptors per process on this machine)
 */
public record Scenario(
        String name,
        int attempts,
        int users,
        int slots,
        int capacity,
        int listeners,
        int rate,
        @Nullable Duration duration,
        int concurrency,
        @Nullable String baseUrl,
        @Nullable String wsUrl,
        String adminUser,
        String adminPassword,
        @Nullable String kafka,
        @Nullable String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        boolean limits,
        boolean jfr,
        Duration startup,
        long seed,
        Path out,
        int outboxDrain,
        int wsCapacity,
        int wsBroadcastTo,
        int wsBroadcasts,
        Duration wsBroadcastGap,
        String wsHeap,
        int wsPerClient) {

    static final Set<String> KEYS = Set.of("scenario", "name", "attempts", "users", "slots", "capacity", "listeners",
            "rate", "duration", "concurrency", "base-url", "ws-url", "admin-user", "admin-password", "kafka", "jdbc-url",
            "jdbc-user", "jdbc-password", "limits", "jfr", "startup-timeout", "seed", "out", "outbox-drain", "ws-capacity",
            "ws-broadcast-to", "ws-broadcasts", "ws-broadcast-gap", "ws-heap", "ws-per-client");

    public Scenario {
        require(attempts > 0, "attempts must be positive");
        require(users > 0, "users must be positive");
        require(slots > 0, "slots must be positive");
        require(capacity >= 1 && capacity <= 1000, "capacity must be 1 to 1000");
        require(listeners >= 0, "listeners must not be negative");
        require(rate >= 0, "rate must not be negative (0: as fast as possible)");
        require(concurrency > 0, "concurrency must be positive");
        require(duration == null || rate > 0, "duration needs a rate");
        int planned = duration == null ? attempts : (int) Math.max(1, rate * duration.toMillis() / 1000);
        require((planned + users - 1) / users <= slots, "each user asks for different slots: attempts / users must be at most slots");
        require((baseUrl == null) == (wsUrl == null), "base-url and ws-url go together");
        require(outboxDrain >= 0, "outbox-drain must not be negative (0: skip the phase)");
        require(outboxDrain == 0 || baseUrl == null || (jdbcUrl != null && kafka != null),
                "outbox-drain against a running stack needs its jdbc-url and kafka");
        require(wsCapacity >= 0, "ws-capacity must not be negative (0: skip the phase)");
        require(wsCapacity == 0 || baseUrl == null, "ws-capacity starts a push-service of its own: only on the local stack");
        require(wsBroadcastTo >= 0, "ws-broadcast-to must not be negative");
        require(wsBroadcasts >= 1, "ws-broadcasts must be at least 1");
        require(!wsBroadcastGap.isNegative(), "ws-broadcast-gap must not be negative");
        require(wsHeap.matches("\\d+[kKmMgG]?"), "ws-heap is a -Xmx size like 1g or 768m");
        // the client JVM's own files and the selector take some descriptors of the 20,000
        require(wsPerClient >= 1 && wsPerClient <= 19_000, "ws-per-client must be 1 to 19,000 (20,000 file descriptors per process)");
    }

    /** The attempts actually sent: with a rate and a duration, rate times duration. */
    public int plannedAttempts() {
        return duration == null ? attempts : (int) Math.max(1, rate * duration.toMillis() / 1000);
    }

    public boolean constantRate() {
        return rate > 0;
    }

    public boolean local() {
        return baseUrl == null;
    }

    /** Reads the arguments; unknown keys and malformed values are errors, not silently ignored. */
    public static Scenario parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --key=value, got '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            given.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (given.containsKey("scenario")) {
            values.putAll(readFile(Path.of(given.get("scenario"))));
        }
        values.putAll(given);
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known: " + KEYS);
            }
        }
        int rate = integer(values, "rate", 0);
        String name = values.getOrDefault("name", rate > 0 ? "rate-" + rate : "rush");
        return new Scenario(
                name,
                integer(values, "attempts", 10_000),
                integer(values, "users", 2_000),
                integer(values, "slots", 1_000),
                integer(values, "capacity", 1),
                integer(values, "listeners", 1_000),
                rate,
                values.containsKey("duration") ? duration(values.get("duration")) : null,
                integer(values, "concurrency", rate > 0 ? 256 : 64),
                values.get("base-url"),
                values.get("ws-url"),
                values.getOrDefault("admin-user", "admin"),
                values.getOrDefault("admin-password", "bench-rush-secret-1"),
                values.get("kafka"),
                values.get("jdbc-url"),
                values.getOrDefault("jdbc-user", "postgres"),
                values.getOrDefault("jdbc-password", "postgres"),
                Boolean.parseBoolean(values.getOrDefault("limits", "true")),
                Boolean.parseBoolean(values.getOrDefault("jfr", "false")),
                duration(values.getOrDefault("startup-timeout", "10m")),
                Long.parseLong(values.getOrDefault("seed", "42")),
                Path.of(values.getOrDefault("out", "target/bench")),
                integer(values, "outbox-drain", values.containsKey("base-url") ? 0 : 50_000),
                integer(values, "ws-capacity", 0),
                integer(values, "ws-broadcast-to", 10_000),
                integer(values, "ws-broadcasts", 5),
                duration(values.getOrDefault("ws-broadcast-gap", "2s")),
                values.getOrDefault("ws-heap", "1g"),
                integer(values, "ws-per-client", 9_000));
    }

    /** {@code 30s}, {@code 2m}, {@code 1500ms}, or ISO-8601 ({@code PT30S}). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(text.trim());
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("duration '" + text + "' is not like 30s, 2m, 1500ms or PT30S", e);
        }
    }

    private static int integer(Map<String, String> values, String key, int fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", "").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        return values;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
