package io.slotstream.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The booking-rush benchmark. Starts the local stack (or uses a running one), prepares people and slots through the
 * API, opens the WebSockets, sends the attempts, waits for every decision, checks correctness, measures the limits of
 * the parts on the same machine, and writes the reports. See the README section "Benchmark".
 */
public final class BookingRush {

    static final String POST = "POST /api/bookings";
    static final String OWN = "POST to own decision (WebSocket)";
    static final String VISIBLE = "POST to decision on booking-events";
    static final String BROADCAST = "decision to broadcast (listeners)";

    private static volatile @Nullable Target running;

    private BookingRush() {}

    public static void main(String[] args) throws Exception {
        // Tomcat closes a keep-alive connection idle for 20 s; the JDK client keeps idle ones for 20 minutes and does
        // not retry a POST on one the server has closed. The capacity phase leaves the admin's connection idle while
        // it opens its sockets and takes heap dumps, and its next POST failed that way: close idle ones first.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "10");
        }
        List<Scenario> scenarios = new ArrayList<>();
        try {
            for (List<String> group : groups(args)) {
                scenarios.add(Scenario.parse(group.toArray(String[]::new)));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("booking-rush: " + e.getMessage());
            System.err.println("usage: ./infra/bench/run [--scenario=file] [--attempts=10000] [--users=2000] [--slots=1000] "
                    + "[--capacity=1] [--listeners=1000] [--rate=0 (as fast as possible) | --rate=1000 --duration=30s] "
                    + "[--concurrency=64] [--limits=true] [--base-url=http://... --ws-url=ws://... --admin-password=...] [--out=target/bench]"
                    + " [--next <another scenario on the same stack> ...]");
            System.exit(2);
            return;
        }
        // the services, PostgreSQL and Redis are this program's children: none outlives it, whatever happens
        // PostgreSQL's postmaster is daemonized by pg_ctl, so it is no descendant: closing the target stops it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Target target = running;
            if (target != null) {
                target.close();
            }
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
        }));
        List<Results> all = run(scenarios);
        for (Results results : all) {
            Path dir = results.scenario.out().resolve(results.scenario.name());
            String markdown = Report.write(results, dir);
            System.out.println();
            System.out.println(markdown);
            System.out.println("Reports: " + dir.toAbsolutePath().resolve("report.html") + " (and results.json, summary.md, *.png)");
        }
        System.exit(all.stream().allMatch(r -> r.correctness == null || r.correctness.ok()) ? 0 : 1);
    }

    /** Arguments split at {@code --next}: each group is one scenario, run one after the other on the same stack. */
    static List<List<String>> groups(String[] args) {
        List<List<String>> groups = new ArrayList<>();
        groups.add(new ArrayList<>());
        for (String arg : args) {
            if (arg.equals("--next")) {
                groups.add(new ArrayList<>());
            } else {
                groups.get(groups.size() - 1).add(arg);
            }
        }
        return groups;
    }

    /** Starts the stack of the first scenario, runs each scenario on it, and measures the limits once after the first. */
    static List<Results> run(List<Scenario> scenarios) throws Exception {
        Scenario first = scenarios.get(0);
        long t0 = System.nanoTime();
        log("starting %s", first.local() ? "the local stack" : "against " + first.baseUrl());
        List<Results> all = new ArrayList<>();
        try (Target target = Target.start(first)) {
            running = target;
            double stackStart = secondsSince(t0);
            Map<String, Object> limits = new LinkedHashMap<>();
            for (Scenario s : scenarios) {
                Results r = new Results(s);
                r.phases.put("stack start", stackStart);
                rush(r, s, target);
                all.add(r);
                // a first report at once, without the limits: a run stopped later still leaves its figures
                ratiosAndTargets(r, s);
                Report.write(r, s.out().resolve(s.name()));
                if (limits.isEmpty() && s.limits() && target.local()) {
                    String run = UUID.randomUUID().toString().substring(0, 8);
                    limits(limits, s, target, run);
                }
            }
            for (Results r : all) {
                r.limits.putAll(limits);
                r.ratios.clear();
                r.checks.clear();
                ratiosAndTargets(r, r.scenario);
            }
        }
        return all;
    }

    static void rush(Results r, Scenario s, Target target) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        r.environment.putAll(Environment.describe());
        r.environment.put("load_before", Environment.loadAverage());
        {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            Preparation prep = new Preparation(http, target.apiBase, run);
            long t1 = System.nanoTime();
            WebSession admin = prep.admin(target.adminUser, target.adminPassword);
            List<UUID> slots = prep.slots(admin, s.slots(), s.capacity());
            log("%d slots created; registering %d people", slots.size(), s.users());
            int watcherAccounts = s.listeners() == 0 ? 0 : Math.min(s.listeners(), 20);
            List<WebSession> users;
            List<WebSession> watchers;
            if (target.local()) {
                var db = target.servers;
                users = prep.createAndSignIn("rusher", s.users(), 8, db.jdbcUrl(), db.jdbcUsername(), db.jdbcPassword());
                watchers = prep.createAndSignIn("watcher", watcherAccounts, 4, db.jdbcUrl(), db.jdbcUsername(), db.jdbcPassword());
            } else {
                users = prep.register("rusher", s.users(), 8);
                watchers = prep.register("watcher", watcherAccounts, 4);
            }
            r.phases.put("prepare users and slots", secondsSince(t1));

            long t2 = System.nanoTime();
            Map<String, Integer> slotIndex = new HashMap<>();
            for (int i = 0; i < slots.size(); i++) {
                slotIndex.put(slots.get(i).toString(), i);
            }
            try (PushClients push = new PushClients(target.wsUrl)) {
                push.slotIndex(slotIndex);
                push.connectRequesters(users);
                push.connectListeners(watchers, s.listeners());
                log("%d WebSockets open", push.open());
                Thread.sleep(3000); // welcome frames and the slots' broadcasts settle before the rush
                r.phases.put("open WebSockets", secondsSince(t2));

                AttemptPlan plan = AttemptPlan.of(s.plannedAttempts(), s.users(), s.slots(), s.seed());
                long origin = System.nanoTime();
                DecisionWatcher watcher = target.servers == null ? null : new DecisionWatcher(target.servers.kafkaBootstrapServers(), origin);
                ProcessSampler sampler = ProcessSampler.available() ? new ProcessSampler(target.watched(), origin) : null;
                LoadRunner load = new LoadRunner(http, s, users, slots, run);
                Profiler profiler = s.jfr() ? new Profiler() : null;
                if (profiler != null) {
                    profiler.start(target);
                }
                log("rush: %,d attempts %s", plan.size(), s.constantRate() ? "at " + s.rate() + "/s" : "as fast as possible");
                load.run(plan, origin);
                double loadSeconds = (load.lastDone - origin) / 1e9;
                r.phases.put("load", Stats.round(loadSeconds));
                log("load done in %.1f s; draining", loadSeconds);

                Map<String, String> accepted = new LinkedHashMap<>();
                load.sent.values().stream().filter(x -> x.status() == 202 || x.status() == 201)
                        .forEach(x -> accepted.put(x.bookingId(), slots.get(x.attempt().slot()).toString()));
                long drainStart = System.nanoTime();
                drain(accepted, watcher, push, target, Duration.ofSeconds(120));
                Thread.sleep(2000); // broadcasts to the listeners trail the decisions
                r.phases.put("drain", secondsSince(drainStart));
                if (profiler != null) {
                    profiler.dump(s.out().resolve(s.name()).resolve("jfr"));
                }
                double endSeconds = (System.nanoTime() - origin) / 1e9;
                if (sampler != null) {
                    sampler.close();
                    r.processes = sampler.summary(0, endSeconds);
                    r.processSamples = sampler.samples();
                }
                if (watcher != null) {
                    watcher.close();
                }
                measure(r, s, plan, load, accepted, watcher, push, target, origin, slots);
            }
            // the phases of one part each run after the rush's connections are closed, on a stack at rest
            if (s.wsCapacity() > 0 && target.local()) {
                long t3 = System.nanoTime();
                try {
                    var db = target.servers;
                    List<WebSession> holders = prep.createAndSignIn("holder", Math.min(s.wsCapacity(), 50), 4,
                            db.jdbcUrl(), db.jdbcUsername(), db.jdbcPassword());
                    new WsCapacity(s, target, r).run(admin, holders, run);
                } catch (Exception e) {
                    log("websocket capacity phase failed: %s", e);
                    r.wsCapacity.put("error", e.toString());
                }
                r.phases.put("websocket capacity", secondsSince(t3));
            }
            if (s.outboxDrain() > 0 && target.servers != null) {
                long t4 = System.nanoTime();
                try {
                    OutboxDrain.run(r, target, admin, prep, s.outboxDrain(), run);
                } catch (Exception e) {
                    log("outbox drain phase failed: %s", e);
                    r.outboxDrain.put("error", e.toString());
                }
                r.phases.put("outbox drain", secondsSince(t4));
            }
        }
        r.environment.put("load_after", Environment.loadAverage());
    }

    private static void drain(Map<String, String> accepted, @Nullable DecisionWatcher watcher, PushClients push, Target target,
            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean onTopic = watcher == null || watcher.decisions.keySet().containsAll(accepted.keySet());
            boolean frames = push.privateDecisions.keySet().containsAll(accepted.keySet());
            if (onTopic && frames) {
                break;
            }
            Thread.sleep(100);
        }
        if (target.servers != null) {
            while (System.nanoTime() < deadline && pendingInDb(target) > 0) {
                Thread.sleep(100);
            }
        }
    }

    private static long pendingInDb(Target target) throws Exception {
        try (Connection c = DriverManager.getConnection(target.servers.jdbcUrl(), target.servers.jdbcUsername(), target.servers.jdbcPassword());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from bookings where status = 'PENDING'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static @Nullable Map<String, Correctness.Fact> statusesInDb(Target target, java.util.Set<String> runSlots) {
        if (target.servers == null) {
            return null;
        }
        Map<String, Correctness.Fact> statuses = new HashMap<>();
        try (Connection c = DriverManager.getConnection(target.servers.jdbcUrl(), target.servers.jdbcUsername(), target.servers.jdbcPassword());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select id::text, slot_id::text, status from bookings")) {
            while (rs.next()) {
                if (runSlots.contains(rs.getString(2))) {
                    statuses.put(rs.getString(1), new Correctness.Fact(rs.getString(2), rs.getString(3)));
                }
            }
        } catch (Exception e) {
            log("cannot read the database: %s", e);
            return null;
        }
        return statuses;
    }

    private static void measure(Results r, Scenario s, AttemptPlan plan, LoadRunner load, Map<String, String> accepted,
            @Nullable DecisionWatcher watcher, PushClients push, Target target, long origin, List<UUID> slots) {
        load.statuses.forEach((status, n) -> r.statuses.put(status == -1 ? "transport error" : status.toString(), n.get()));
        r.latencies.add(load.postLatency);
        LatencySeries own = new LatencySeries(OWN);
        LatencySeries visible = new LatencySeries(VISIBLE);
        for (LoadRunner.Sent sent : load.sent.values()) {
            Long frame = push.privateDecisions.get(sent.bookingId());
            if (frame != null) {
                own.record(origin, sent.intendedNanos(), frame - sent.intendedNanos());
            }
            if (watcher != null) {
                DecisionWatcher.Decision d = watcher.decisions.get(sent.bookingId());
                if (d != null) {
                    visible.record(origin, sent.intendedNanos(), d.seenNanos() - sent.intendedNanos());
                }
            }
        }
        r.latencies.add(own);
        if (watcher != null) {
            r.latencies.add(visible);
            LatencySeries broadcast = new LatencySeries(BROADCAST);
            long early = 0;
            long arrivals = 0;
            for (PushClients.ArrivalLog log : push.listenerLogs) {
                for (int i = 0; i < log.size(); i++) {
                    Long seen = watcher.confirmationSeen.get(slots.get(log.slot(i)).toString());
                    if (seen == null) {
                        continue;
                    }
                    long latency = log.time(i) - seen;
                    if (latency < 0) {
                        early++;
                    }
                    arrivals++;
                    broadcast.record(origin, seen, Math.max(0, latency));
                }
            }
            r.latencies.add(broadcast);
            r.latencies.add(watcher.relayLatency);
            r.delivery.put("booking_created frames at listeners", arrivals);
            r.delivery.put("expected (confirmations x listeners)", (long) watcher.confirmationSeen.size() * push.listenerLogs.size());
            r.delivery.put("frames that arrived before the benchmark's own consumer saw the decision (counted as 0 ms)", early);
            r.rates.add(watcher.decisionRate);
            r.rates.add(watcher.relayRate);
        }
        if (s.constantRate()) {
            r.latencies.add(load.postServiceTime);
        }
        r.rates.add(0, load.accepted);
        r.delivery.put("WebSocket connections", push.open());
        r.delivery.put("frames received in all", push.framesReceived.get());
        r.delivery.put("connections closed by the server", push.closedUnexpectedly.get());
        r.delivery.put("private decision frames", push.privateDecisions.size());

        double loadSpan = (load.lastDone - load.firstIntended) / 1e9;
        r.throughput.put("attempts sent", load.sent.size());
        r.throughput.put("accepted (202)", accepted.size());
        r.throughput.put("accepted per second (mean over the load)", Stats.round(accepted.size() / loadSpan));
        r.throughput.put("accepted per second (best second)", load.accepted.peakSecond());
        if (watcher != null) {
            RateSeries d = watcher.decisionRate;
            double endToEnd = d.total() == 0 ? 0 : d.total() / ((d.lastNanos() - load.firstIntended) / 1e9);
            r.throughput.put("decisions", d.total());
            r.throughput.put("decided per second end to end (decisions / first send to last decision)", Stats.round(endToEnd));
            r.throughput.put("decided per second between first and last decision", Stats.round(d.meanRate()));
            r.throughput.put("decided per second (best second)", d.peakSecond());
            // the relay keeps up with the rush, so its rate here is the offered rate; its limit is the outbox drain phase
            r.throughput.put("commands relayed in the rush's best second (offered load, not the relay's limit)", watcher.relayRate.peakSecond());
        }
        java.util.Set<String> runSlots = new java.util.HashSet<>(accepted.values());
        slots.forEach(id -> runSlots.add(id.toString()));
        Map<String, Correctness.Fact> topic = new HashMap<>();
        long duplicates = 0;
        if (watcher != null) {
            watcher.decisions.values().stream().filter(d -> runSlots.contains(d.slotId()))
                    .forEach(d -> topic.put(d.bookingId(), new Correctness.Fact(d.slotId(), d.status())));
            duplicates = watcher.duplicates.size();
        } else {
            push.privateStatus.forEach((id, status) -> topic.put(id, new Correctness.Fact(accepted.getOrDefault(id, "?"), status)));
        }
        r.correctness = Correctness.check(accepted, topic, duplicates, statusesInDb(target, runSlots), push.privateStatus, s.capacity(),
                plan.expectedConfirmations(s.capacity()));
        r.throughput.put("booked although the POST answered an error", topic.keySet().stream().filter(id -> !accepted.containsKey(id)).count());
    }

    private static void limits(Map<String, Object> limits, Scenario s, Target target, String run) {
        AttemptPlan plan = AttemptPlan.of(s.plannedAttempts(), s.users(), s.slots(), s.seed());
        try {
            log("limit: PostgreSQL booking transaction");
            limits.put("postgresql", PostgresLimit.measure(target.servers.jdbcUrl(), target.servers.jdbcUsername(),
                    target.servers.jdbcPassword(), plan, s.users(), s.slots(), 20, run));
        } catch (Exception e) {
            limits.put("postgresql", Map.of("error", e.toString()));
        }
        try {
            log("limit: Kafka ProducerPerformance / ConsumerPerformance / EndToEndLatency");
            limits.put("kafka", KafkaLimit.measure(target.servers.kafkaBootstrapServers(), 100_000, 300, run));
        } catch (Exception e) {
            limits.put("kafka", Map.of("error", e.toString()));
        }
        try {
            log("limit: Redis publish to receive");
            limits.put("redis", RedisLimit.measure(target.servers.redisHost(), target.servers.redisPort(), 100_000, run));
        } catch (Exception e) {
            limits.put("redis", Map.of("error", e.toString()));
        }
        try {
            log("limit: stream processor alone on pre-loaded commands");
            limits.put("stream_processor_alone", ProcessorLimit.measure(target, 1_000, 50_000, run));
        } catch (Exception e) {
            limits.put("stream_processor_alone", Map.of("error", e.toString()));
        }
    }

    @SuppressWarnings("unchecked")
    static double number(Map<String, Object> root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Double.NaN;
            }
            node = ((Map<String, Object>) map).get(key);
        }
        return node instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static void ratiosAndTargets(Results r, Scenario s) {
        Map<String, Object> limits = r.limits;
        double decided = number(r.throughput, "decided per second end to end (decisions / first send to last decision)");
        double acceptedRate = number(r.throughput, "accepted per second (mean over the load)");
        double pg = number(limits, "postgresql", "tx_per_s");
        double processor = number(limits, "stream_processor_alone", "commands_per_s");
        double kafkaProduce = number(limits, "kafka", "producer", "records_per_s");
        double kafkaE2eP50 = number(limits, "kafka", "end_to_end", "p50_ms");
        double kafkaE2eP99 = number(limits, "kafka", "end_to_end", "p99_ms");
        double redisP99 = number(limits, "redis", "latency_at_1000_per_s", "p99_ms");
        double relayRate = number(r.outboxDrain, "events_per_s");
        boolean drainComplete = Boolean.TRUE.equals(r.outboxDrain.get("ok"));
        LatencySeries post = r.latency(POST);
        LatencySeries own = r.latency(OWN);
        LatencySeries broadcast = r.latency(BROADCAST);
        LatencySeries relay = r.latency("outbox commit to Kafka");
        double postP99 = post == null ? Double.NaN : Stats.percentileMs(post.total(), 99);
        double ownP50 = own == null ? Double.NaN : Stats.percentileMs(own.total(), 50);
        double ownP99 = own == null ? Double.NaN : Stats.percentileMs(own.total(), 99);
        double broadcastP99 = broadcast == null ? Double.NaN : Stats.percentileMs(broadcast.total(), 99);
        double relayP99 = relay == null ? Double.NaN : Stats.percentileMs(relay.total(), 99);

        r.ratios.add(new Results.Ratio("decided bookings end to end", decided, "PostgreSQL booking transaction (JDBC, 20 connections)", pg, "/s", "target at least 0.6"));
        r.ratios.add(new Results.Ratio("accepted POSTs", acceptedRate, "PostgreSQL booking transaction (JDBC, 20 connections)", pg, "/s", ""));
        r.ratios.add(new Results.Ratio("decided bookings end to end", decided, "stream processor alone (exactly once)", processor, "/s", ""));
        r.ratios.add(new Results.Ratio("outbox relay draining a backlog", relayRate, "Kafka ProducerPerformance (acks=all)", kafkaProduce, "/s", ""));
        r.ratios.add(new Results.Ratio("POST to own decision p50", ownP50, "Kafka EndToEndLatency p50", kafkaE2eP50, "ms", "latency: the product is this many times the floor"));
        r.ratios.add(new Results.Ratio("outbox commit to Kafka p99", relayP99, "Kafka EndToEndLatency p99", kafkaE2eP99, "ms", "latency"));
        r.ratios.add(new Results.Ratio("decision to broadcast p99", broadcastP99, "Redis publish to receive p99 at 1,000/s", redisP99, "ms", "latency"));

        Correctness c = r.correctness;
        if (c != null) {
            r.checks.add(new Results.Check(String.format(Locale.ROOT, "exactly %,d confirmed, 0 pending, 0 lost", c.expectedConfirmed()),
                    String.format(Locale.ROOT, "%,d confirmed on the topic, %s in the database; %s pending; %,d lost",
                            c.confirmedOnTopic(), c.confirmedInDb() == null ? "n/a" : c.confirmedInDb(),
                            c.pendingInDb() == null ? "n/a" : c.pendingInDb(), c.lostOnTopic()), c.ok()));
        }
        boolean rush = !s.constantRate();
        r.checks.add(new Results.Check("decided bookings/s end to end >= 3,000", fmt(decided) + "/s", rush ? decided >= 3000 : null));
        r.checks.add(new Results.Check("decided/s >= 0.6 x PostgreSQL limit", ratioText(decided, pg), Double.isNaN(pg) ? null : decided / pg >= 0.6));
        boolean at1000 = s.constantRate() && s.rate() == 1000;
        r.checks.add(new Results.Check("at 1,000/s: POST p99 <= 50 ms", Stats.fmtMs(postP99), at1000 ? postP99 <= 50 : null));
        r.checks.add(new Results.Check("at 1,000/s: POST to own decision p50 <= 60 ms", Stats.fmtMs(ownP50), at1000 ? ownP50 <= 60 : null));
        r.checks.add(new Results.Check("at 1,000/s: POST to own decision p99 <= 200 ms", Stats.fmtMs(ownP99), at1000 ? ownP99 <= 200 : null));
        r.checks.add(new Results.Check("at 1,000/s: decision to broadcast at " + s.listeners() + " listeners p99 <= 100 ms",
                Stats.fmtMs(broadcastP99), at1000 && s.listeners() >= 1000 ? broadcastP99 <= 100 : null));
        Object eos = limits.get("stream_processor_alone") instanceof Map<?, ?> m ? m.get("exactly_once") : null;
        Boolean eosOk = eos instanceof Map<?, ?> e ? (Boolean) e.get("ok") : null;
        r.checks.add(new Results.Check("stream processor alone >= 50,000 commands/s, exactly once",
                fmt(processor) + "/s, exactly-once check " + (eosOk == null ? "n/a" : eosOk ? "ok" : "FAILED"),
                Double.isNaN(processor) ? null : processor >= 50_000 && Boolean.TRUE.equals(eosOk)));
        r.checks.add(new Results.Check("outbox relay drains >= 5,000 events/s", r.outboxDrain.isEmpty() ? "phase not run (outbox-drain=0)"
                : String.format(Locale.ROOT, "%s/s draining %,d rows; %s of them on booking-commands", fmt(relayRate),
                        r.outboxDrain.get("rows"), r.outboxDrain.get("reached_booking_commands")),
                Double.isNaN(relayRate) ? null : relayRate >= 5000 && drainComplete));
        r.checks.add(new Results.Check("at 1,000/s: outbox commit to Kafka p99 <= 50 ms", Stats.fmtMs(relayP99), at1000 ? relayP99 <= 50 : null));
        WsCapacityChecks.add(r);
    }

    private static String ratioText(double value, double limit) {
        return Double.isNaN(limit) ? "limit not measured" : String.format(Locale.ROOT, "%.2f (%s / %s)", value / limit, fmt(value), fmt(limit));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static double secondsSince(long start) {
        return Stats.round((System.nanoTime() - start) / 1e9);
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(Locale.ROOT, format, args));
    }
}
