package io.slotstream.bench;

import io.slotstream.events.BookingRequested;
import io.slotstream.events.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The outbox relay's drain rate: {@code K} booking requests (a pending booking and its {@code BookingRequested} row in
 * the outbox, as booking-api's booking transaction writes them) committed in one transaction, so the relay finds the
 * whole backlog at once, then timed until every one of their events is on {@code booking-commands} (a read-committed
 * consumer of this program, matching the relay's {@code eventId} header) and until the outbox table is empty. The
 * rush cannot show this figure: there the relay keeps up with the offered load, so its rate is the offered rate.
 * The people and slots are the phase's own (people written into the database, slots opened through the API with
 * room for all of them), so the stream processor confirms every request and the stack is left consistent.
 */
final class OutboxDrain {

    /** The figures of one drain, from the commit and the moments each event was first seen on the topic. */
    record Figures(int rows, int reached, double secondsToLastEvent, double eventsPerSecond, double firstEventMs,
            double steadyEventsPerSecond, long peakSecond, List<Long> perSecond) {

        /** {@code arrivals}: nanoTime each event was first seen, in any order; {@code commit}: nanoTime of the commit. */
        static Figures of(int rows, long commit, long[] arrivals) {
            long[] sorted = arrivals.clone();
            java.util.Arrays.sort(sorted);
            int n = sorted.length;
            if (n == 0) {
                return new Figures(rows, 0, Double.NaN, 0, Double.NaN, Double.NaN, 0, List.of());
            }
            double toLast = (sorted[n - 1] - commit) / 1e9;
            double steady = n < 2 || sorted[n - 1] == sorted[0] ? Double.NaN : (n - 1) / ((sorted[n - 1] - sorted[0]) / 1e9);
            int seconds = (int) ((sorted[n - 1] - commit) / 1_000_000_000L) + 1;
            long[] buckets = new long[Math.max(seconds, 1)];
            for (long at : sorted) {
                buckets[(int) Math.max(0, (at - commit) / 1_000_000_000L)]++;
            }
            List<Long> perSecond = new ArrayList<>();
            long peak = 0;
            for (long b : buckets) {
                perSecond.add(b);
                peak = Math.max(peak, b);
            }
            return new Figures(rows, n, Stats.round(toLast), Stats.round(toLast > 0 ? n / toLast : Double.NaN),
                    Stats.round((sorted[0] - commit) / 1e6), Stats.round(steady), peak, perSecond);
        }
    }

    private OutboxDrain() {}

    static void run(Results r, Target target, WebSession admin, Preparation prep, int rows, String run) throws Exception {
        Map<String, Object> out = r.outboxDrain;
        var db = target.servers;
        Topics topics = Topics.defaults();
        int people = Math.min(rows, 1000);
        int slotCount = (rows + people - 1) / people;
        out.put("rows", rows);
        out.put("how", "pending bookings and their BookingRequested outbox rows committed in one transaction, "
                + people + " people on " + slotCount + " slots of capacity " + people
                + "; timed from the commit to the last event on booking-commands (read committed)");
        List<UUID> users = new ArrayList<>(people);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcUsername(), db.jdbcPassword());
                PreparedStatement insert = c.prepareStatement(
                        "insert into users (id, username, email, password_hash, roles) values (?, ?, ?, '{noop}-', 'USER')")) {
            for (int i = 0; i < people; i++) {
                UUID id = UUID.randomUUID();
                users.add(id);
                insert.setObject(1, id);
                insert.setString(2, "drain" + i + "-" + run);
                insert.setString(3, "drain" + i + "-" + run + "@bench.test");
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<UUID> slots = prep.slots(admin, slotCount, people);
        // the slots' own outbox rows leave first: the backlog is then the phase's rows alone
        long emptyBefore = waitForEmptyOutbox(target, Duration.ofSeconds(60));
        out.put("rows_in_the_outbox_before", emptyBefore);

        Set<String> ours = ConcurrentHashMap.newKeySet();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        AtomicLong duplicates = new AtomicLong();
        try (CommandWatcher watcher = new CommandWatcher(db.kafkaBootstrapServers(), topics.bookingCommands().name(), ours, seen, duplicates)) {
            long commit;
            long insertStart = System.nanoTime();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcUsername(), db.jdbcPassword());
                    PreparedStatement booking = c.prepareStatement("""
                            insert into bookings (id, slot_id, user_id, status, idempotency_key, slot_capacity, created_at)
                            values (?, ?, ?, 'PENDING', ?, ?, ?)""");
                    PreparedStatement outbox = c.prepareStatement(
                            "insert into outbox (event_id, topic, message_key, payload) values (?, ?, ?, ?)")) {
                c.setAutoCommit(false);
                for (int i = 0; i < rows; i++) {
                    UUID slot = slots.get(i / people);
                    UUID user = users.get(i % people);
                    UUID bookingId = UUID.randomUUID();
                    Instant now = Instant.now();
                    booking.setObject(1, bookingId);
                    booking.setObject(2, slot);
                    booking.setObject(3, user);
                    booking.setString(4, "drain-" + run + "-" + i);
                    booking.setInt(5, people);
                    booking.setTimestamp(6, Timestamp.from(now));
                    booking.addBatch();
                    // exactly what Outbox.append writes: the slot id as key, the command through the topic's serde
                    BookingRequested command = new BookingRequested(UUID.randomUUID(), now, slot, bookingId, user);
                    ours.add(command.eventId().toString());
                    outbox.setObject(1, command.eventId());
                    outbox.setString(2, topics.bookingCommands().name());
                    outbox.setString(3, slot.toString());
                    outbox.setBytes(4, topics.bookingCommands().valueSerde().serializer().serialize(topics.bookingCommands().name(), command));
                    outbox.addBatch();
                    if (i % 1000 == 999 || i == rows - 1) {
                        booking.executeBatch();
                        outbox.executeBatch();
                    }
                }
                c.commit();
                commit = System.nanoTime();
            }
            out.put("seconds_to_insert", Stats.round((commit - insertStart) / 1e9));
            BookingRush.log("outbox drain: %,d rows committed; timing the relay", rows);
            Duration timeout = Duration.ofSeconds(Math.max(60, rows / 200));
            long deadline = commit + timeout.toNanos();
            long empty = -1;
            while (System.nanoTime() < deadline && (seen.size() < rows || empty < 0)) {
                if (empty < 0 && outboxRows(target) == 0) {
                    empty = System.nanoTime();
                }
                Thread.sleep(20);
            }
            Thread.sleep(1000); // a duplicate would come right after
            long[] arrivals = seen.values().stream().mapToLong(Long::longValue).toArray();
            Figures f = Figures.of(rows, commit, arrivals);
            out.put("events_per_s", f.eventsPerSecond());
            out.put("seconds_commit_to_last_event", f.secondsToLastEvent());
            out.put("ms_commit_to_first_event", f.firstEventMs());
            out.put("events_per_s_first_to_last_event", f.steadyEventsPerSecond());
            out.put("events_in_the_best_second", f.peakSecond());
            out.put("seconds_commit_to_empty_outbox", empty < 0 ? null : Stats.round((empty - commit) / 1e9));
            out.put("rows_per_s_until_empty", empty < 0 ? null : Stats.round(rows / ((empty - commit) / 1e9)));
            out.put("reached_booking_commands", f.reached());
            out.put("missing_on_booking_commands", rows - f.reached());
            out.put("duplicates_on_booking_commands", duplicates.get());
            out.put("events_on_the_topic_in_each_second", f.perSecond());
            out.put("ok", f.reached() == rows);
        }
        // the stream processor and booking-api decide the backlog; the next phase should not pay for that
        long decideStart = System.nanoTime();
        long pending = waitForDecisions(target, run, Duration.ofSeconds(Math.max(60, rows / 200)));
        out.put("seconds_until_booking_api_has_every_decision", Stats.round((System.nanoTime() - decideStart) / 1e9));
        out.put("still_pending_after_that", pending);
    }

    private static long outboxRows(Target target) throws Exception {
        var db = target.servers;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcUsername(), db.jdbcPassword());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long waitForEmptyOutbox(Target target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = outboxRows(target);
        while (rows > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            rows = outboxRows(target);
        }
        return rows;
    }

    private static long waitForDecisions(Target target, String run, Duration timeout) throws Exception {
        var db = target.servers;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long pending;
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcUsername(), db.jdbcPassword());
                    PreparedStatement st = c.prepareStatement(
                            "select count(*) from bookings where status = 'PENDING' and idempotency_key like ?")) {
                st.setString(1, "drain-" + run + "-%");
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    pending = rs.getLong(1);
                }
            }
            if (pending == 0 || System.nanoTime() > deadline) {
                return pending;
            }
            Thread.sleep(250);
        }
    }

    /** Notes when each of the phase's events is first seen on booking-commands (by the relay's eventId header). */
    private static final class CommandWatcher implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        CommandWatcher(String bootstrap, String topic, Set<String> ours, Map<String, Long> seen, AtomicLong duplicates) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
            settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // the start is fixed before the rows are committed
            thread = new Thread(() -> {
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        Header header = record.headers().lastHeader("eventId");
                        if (header == null) {
                            continue;
                        }
                        String eventId = new String(header.value(), StandardCharsets.UTF_8);
                        if (ours.contains(eventId) && seen.putIfAbsent(eventId, now) != null) {
                            duplicates.incrementAndGet();
                        }
                    }
                }
                consumer.close();
            }, "bench-outbox-drain-watcher");
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
