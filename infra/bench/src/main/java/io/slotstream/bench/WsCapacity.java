package io.slotstream.bench;

import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
import io.slotstream.localstack.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket capacity phase: one push-service of its own (started for this phase with the heap the scenario
 * gives, so its heap holds these connections and nothing else) takes {@code N} idle connections, opened by child JVMs
 * ({@link WsHolder}, at most {@code perClient} each: the machine's 20,000 file descriptors per process). It reports
 * the time to open them, the service's heap after a full collection before and after, and its RSS. Then it opens
 * slots through the API, one at a time: each {@code SlotOpened} is a {@code timeslot_created} frame to every
 * connection, and {@code M} of them write down when it arrived. The latency runs from the moment the event is visible
 * on {@code booking-events} to a read-committed consumer (the moment push-service can see it too), as for the
 * decision-to-broadcast latency of the rush; the API's answer is the second origin, reported beside it.
 */
final class WsCapacity {

    static final String LATENCY = "SlotOpened on booking-events to timeslot_created (capacity phase)";
    static final String FROM_API = "slot created (API answer) to timeslot_created (capacity phase)";

    /** How the {@code M} watched connections are spread over the children: the first ones watch. */
    static int[][] spread(int connections, int watched, int perClient) {
        int children = (connections + perClient - 1) / perClient;
        int[][] plan = new int[children][2];
        int left = connections;
        int watchLeft = Math.min(watched, connections);
        for (int i = 0; i < children; i++) {
            // even shares, so no child is the one near the descriptor limit
            int share = (left + (children - i) - 1) / (children - i);
            int watch = (watchLeft + (children - i) - 1) / (children - i);
            plan[i][0] = share;
            plan[i][1] = Math.min(watch, share);
            left -= share;
            watchLeft -= plan[i][1];
        }
        return plan;
    }

    /** One child's answer to REPORT. */
    record ChildReport(List<String> slots, List<Long> nanos, long frames, long created, long closed, long pings) {}

    static ChildReport parseReport(List<String> lines) {
        List<String> slots = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        long[] stats = new long[4];
        for (String line : lines) {
            String[] parts = line.split(" ");
            if (parts[0].equals("A") && parts.length == 3) {
                slots.add(parts[1]);
                nanos.add(Long.parseLong(parts[2]));
            } else if (parts[0].equals("STATS") && parts.length == 5) {
                for (int i = 0; i < 4; i++) {
                    stats[i] = Long.parseLong(parts[i + 1]);
                }
            }
        }
        return new ChildReport(slots, nanos, stats[0], stats[1], stats[2], stats[3]);
    }

    private final Scenario s;
    private final Target target;
    private final Results r;

    WsCapacity(Scenario s, Target target, Results r) {
        this.s = s;
        this.target = target;
        this.r = r;
    }

    void run(WebSession admin, List<WebSession> sessions, String run) throws Exception {
        Map<String, Object> out = r.wsCapacity;
        out.put("connections_asked", s.wsCapacity());
        out.put("watched_for_the_broadcast", Math.min(s.wsBroadcastTo(), s.wsCapacity()));
        out.put("push_service_heap_limit", s.wsHeap());
        out.put("latency_origin", "SlotOpened visible on booking-events (read committed); the API answer in the second figure");
        BookingRush.log("ws capacity: starting a push-service of its own (-Xmx%s)", s.wsHeap());
        try (ServiceProcess push = target.pushService("push-capacity", s.wsHeap())) {
            long pid = childPid(push.port());
            Thread.sleep(5000); // its Kafka consumer joins the group and the first heartbeats pass
            JvmMemory.Heap before = JvmMemory.afterFullGc(pid);
            out.put("heap_used_mb_after_full_gc_before_connections", mb(before.usedBytes()));
            out.put("collector", before.collector());
            out.put("rss_mb_before_connections", mb(ProcessSampler.rss(pid)));

            Path work = s.out().resolve(s.name()).toAbsolutePath();
            Files.createDirectories(work);
            Path cookies = work.resolve("ws-capacity-cookies.txt");
            Files.write(cookies, sessions.stream().map(x -> x.cookie("SESSION")).toList());
            int[][] plan = spread(s.wsCapacity(), s.wsBroadcastTo(), s.wsPerClient());
            List<Child> children = new ArrayList<>();
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < plan.length; i++) {
                    children.add(Child.start(i, "127.0.0.1", push.port(), plan[i][0], plan[i][1], cookies, target.logs()));
                }
                long opened = 0;
                long failed = 0;
                List<String> errors = new ArrayList<>();
                for (Child child : children) {
                    String[] line = child.await("OPENED", Duration.ofMinutes(15)).split(" ");
                    opened += Long.parseLong(line[1]);
                    failed += Long.parseLong(line[2]);
                    if (!line[4].equals("-")) {
                        errors.add(line[4].replace('_', ' '));
                    }
                }
                double openSeconds = (System.nanoTime() - t0) / 1e9;
                out.put("client_processes", plan.length);
                out.put("opened", opened);
                out.put("failed_to_open", failed);
                if (!errors.isEmpty()) {
                    out.put("first_errors", errors);
                }
                out.put("seconds_to_open", Stats.round(openSeconds));
                out.put("opened_per_second", Stats.round(opened / openSeconds));
                BookingRush.log("ws capacity: %,d open, %,d failed in %.1f s", opened, failed, openSeconds);
                Thread.sleep(5000); // welcome frames and the handshakes' garbage settle
                out.put("sessions_on_the_server", serverSessions(push.port()));
                JvmMemory.Heap held = JvmMemory.afterFullGc(pid);
                out.put("heap_used_mb_after_full_gc_with_connections", mb(held.usedBytes()));
                out.put("heap_committed_mb_with_connections", mb(held.committedBytes()));
                out.put("heap_kb_per_connection", opened == 0 ? null : Stats.round((held.usedBytes() - before.usedBytes()) / 1024.0 / opened));
                out.put("rss_mb_with_connections", mb(ProcessSampler.rss(pid)));
                // where the heap per connection goes, for whoever profiles it: "rank: instances bytes class"
                out.put("largest_classes_with_connections", JvmMemory.topClasses(pid, 12));

                broadcasts(admin, children, push, run, out);

                JvmMemory.Heap after = JvmMemory.afterFullGc(pid);
                out.put("heap_used_mb_after_full_gc_after_broadcasts", mb(after.usedBytes()));
                out.put("rss_mb_after_broadcasts", mb(ProcessSampler.rss(pid)));
                out.put("push_service_alive", push.isAlive());
            } finally {
                children.forEach(Child::close);
            }
        }
    }

    private void broadcasts(WebSession admin, List<Child> children, ServiceProcess push, String run, Map<String, Object> out)
            throws Exception {
        Map<String, Long> visible = new ConcurrentHashMap<>();
        Map<String, Long> answered = new HashMap<>();
        long origin = System.nanoTime();
        try (SlotOpenedWatcher watcher = new SlotOpenedWatcher(target.servers.kafkaBootstrapServers(), visible)) {
            JsonNode categories = Preparation.JSON.readTree(admin.get("/api/categories").body());
            long categoryId = categories.get(0).get("id").asLong();
            // far from the rush's slots and from another run's: a year ahead, a minute per run and broadcast
            Instant first = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(400, ChronoUnit.DAYS)
                    .plus(Math.floorMod(run.hashCode(), 100_000) * 10L, ChronoUnit.MINUTES);
            for (int b = 0; b < s.wsBroadcasts(); b++) {
                Map<String, Object> slot = new LinkedHashMap<>();
                slot.put("categoryId", categoryId);
                slot.put("startsAt", first.plus(b, ChronoUnit.MINUTES).toString());
                slot.put("endsAt", first.plus(b, ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES).toString());
                slot.put("capacity", 1);
                WebSession.Answer answer = admin.post("/api/admin/timeslots/batch",
                        Preparation.JSON.writeValueAsString(Map.of("slots", List.of(slot))), Map.of());
                long at = System.nanoTime();
                if (answer.status() != 201) {
                    throw new IllegalStateException("creating a slot answered " + answer.status() + ": " + answer.body());
                }
                answered.put(Preparation.JSON.readTree(answer.body()).get(0).get("id").asString(), at);
                Thread.sleep(s.wsBroadcastGap().toMillis());
            }
            Thread.sleep(3000); // the last broadcast reaches every connection
        }
        LatencySeries latency = new LatencySeries(LATENCY);
        LatencySeries fromApi = new LatencySeries(FROM_API);
        long arrivals = 0;
        long early = 0;
        long frames = 0;
        long created = 0;
        long closed = 0;
        long pings = 0;
        Map<String, Long> perSlot = new LinkedHashMap<>();
        answered.keySet().forEach(id -> perSlot.put(id, 0L));
        for (Child child : children) {
            ChildReport report = parseReport(child.report());
            frames += report.frames();
            created += report.created();
            closed += report.closed();
            pings += report.pings();
            for (int i = 0; i < report.slots().size(); i++) {
                String slot = report.slots().get(i);
                Long api = answered.get(slot);
                if (api == null) {
                    continue; // a slot somebody else opened meanwhile
                }
                perSlot.merge(slot, 1L, Long::sum);
                arrivals++;
                long at = report.nanos().get(i);
                fromApi.record(origin, api, at - api);
                Long seen = visible.get(slot);
                if (seen != null) {
                    if (at < seen) {
                        early++;
                    }
                    latency.record(origin, seen, Math.max(0, at - seen));
                }
            }
        }
        r.latencies.add(latency);
        r.latencies.add(fromApi);
        int watched = Math.min(s.wsBroadcastTo(), s.wsCapacity());
        out.put("broadcasts", answered.size());
        out.put("broadcasts_seen_on_booking_events", answered.keySet().stream().filter(visible::containsKey).count());
        out.put("arrivals_at_watched_connections", arrivals);
        out.put("expected_at_watched_connections", (long) watched * answered.size());
        out.put("arrivals_per_broadcast", perSlot.values());
        out.put("timeslot_created_frames_at_all_connections", created);
        out.put("frames_at_all_connections", frames);
        out.put("closed_by_the_server", closed);
        out.put("pings_answered", pings);
        out.put("arrivals_before_the_benchmark_saw_the_event (counted as 0 ms)", early);
        out.put("latency", Stats.summary(latency.total()));
        out.put("latency_from_api_answer", Stats.summary(fromApi.total()));
        out.put("push_service_port", push.port());
    }

    private static long childPid(int port) {
        Optional<ProcessHandle> p = ProcessHandle.current().children()
                .filter(c -> Processes.commandLine(c.pid()).contains("--server.port=" + port + " ")
                        || Processes.commandLine(c.pid()).endsWith("--server.port=" + port))
                .findFirst();
        return p.orElseThrow(() -> new IllegalStateException("no child process on port " + port)).pid();
    }

    /** push-service's own count of its connections ({@code slotstream.push.sessions}). */
    private static Object serverSessions(int port) {
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String body = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/metrics/slotstream.push.sessions")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return Preparation.JSON.readTree(body).get("measurements").get(0).get("value").asDouble();
        } catch (Exception e) {
            return "n/a: " + e;
        }
    }

    private static double mb(long bytes) {
        return Stats.round(bytes / 1048576.0);
    }

    /** One {@link WsHolder} JVM and its stdout. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader in;
        private final PrintStream commands;

        private Child(Process process) {
            this.process = process;
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Child start(int index, String host, int port, int count, int watch, Path cookies, Path logs) throws IOException {
            Files.createDirectories(logs);
            String java = ProcessHandle.current().info().command().orElse("java");
            // the heap holds a few hundred bytes per connection; the sockets' buffers are the kernel's
            List<String> command = List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    WsHolder.class.getName(), host, Integer.toString(port), "/ws", Integer.toString(count),
                    Integer.toString(watch), cookies.toString(), "200");
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("ws-holder-" + index + ".log").toFile()))
                    .start();
            return new Child(p);
        }

        String await(String prefix, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("a WebSocket client process ended (exit " + process.waitFor() + "); see its log");
                }
                if (line.startsWith(prefix + " ")) {
                    return line;
                }
            }
            throw new IllegalStateException("no " + prefix + " from a WebSocket client process within " + timeout);
        }

        List<String> report() throws IOException {
            commands.println("REPORT");
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        }

        @Override
        public void close() {
            commands.println("QUIT");
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Notes when each SlotOpened becomes visible on booking-events to a read-committed consumer. */
    private static final class SlotOpenedWatcher implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        SlotOpenedWatcher(String bootstrap, Map<String, Long> visible) {
            Topics topics = Topics.defaults();
            Map<String, Object> settings = new HashMap<>();
            settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
            consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
            String name = topics.bookingEvents().name();
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(name).forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            var reader = topics.bookingEvents().valueSerde().deserializer();
            thread = new Thread(() -> {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        if (record.value() != null && reader.deserialize(name, record.value()) instanceof SlotOpened opened) {
                            visible.putIfAbsent(opened.slotId().toString(), now);
                        }
                    }
                }
                consumer.close();
            }, "bench-slot-opened-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
