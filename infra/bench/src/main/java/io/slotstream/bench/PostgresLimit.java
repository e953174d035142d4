package io.slotstream.bench;

import io.slotstream.events.BookingRequested;
import io.slotstream.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limit of PostgreSQL for the write booking-api does per booking request, measured as pgbench would: the same
 * statements in one transaction (replay lookup by idempotency key, slot lookup, "already active" check, insert of the
 * pending booking, insert of the outbox row with a serialized command, read of the booking view), over JDBC, from as
 * many connections as booking-api's pool has, against a database of its own on the same server with booking-api's
 * schema. What it leaves out is what the API adds on top: HTTP, security, the session in Redis, JSON.
 */
final class PostgresLimit {

    static final String VIEW = """
            select b.*, u.username, s.category_id, s.starts_at, s.ends_at, s.capacity, s.status as slot_status,
                   (select count(*) from bookings c where c.slot_id = b.slot_id and c.status = 'CONFIRMED') as booked
            from bookings b
            join time_slots s on s.id = b.slot_id
            join users u on u.id = b.user_id
            """;

    private PostgresLimit() {}

    static Map<String, Object> measure(String serverJdbcUrl, String user, String password, AttemptPlan plan, int users,
            int slots, int connections, String run) throws Exception {
        String database = "bench_pg_limit_" + run.replace('-', '_');
        try (Connection admin = DriverManager.getConnection(serverJdbcUrl, user, password);
                Statement s = admin.createStatement()) {
            s.execute("create database " + database);
        }
        String url = serverJdbcUrl.replaceAll("/[^/?]+(\\?|$)", "/" + database + "$1");
        UUID[] userIds = new UUID[users];
        UUID[] slotIds = new UUID[slots];
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(schema());
            c.setAutoCommit(false);
            try (PreparedStatement insertUser = c.prepareStatement(
                    "insert into users (id, username, email, password_hash) values (?, ?, ?, 'x')")) {
                for (int i = 0; i < users; i++) {
                    userIds[i] = UUID.randomUUID();
                    insertUser.setObject(1, userIds[i]);
                    insertUser.setString(2, "pg" + i);
                    insertUser.setString(3, "pg" + i + "@bench.test");
                    insertUser.addBatch();
                }
                insertUser.executeBatch();
            }
            Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
            try (PreparedStatement insertSlot = c.prepareStatement(
                    "insert into time_slots (id, category_id, starts_at, ends_at, capacity) values (?, 1, ?, ?, 1)")) {
                for (int i = 0; i < slots; i++) {
                    slotIds[i] = UUID.randomUUID();
                    insertSlot.setObject(1, slotIds[i]);
                    insertSlot.setTimestamp(2, Timestamp.from(first.plus(i, ChronoUnit.HOURS)));
                    insertSlot.setTimestamp(3, Timestamp.from(first.plus(i, ChronoUnit.HOURS).plus(45, ChronoUnit.MINUTES)));
                    insertSlot.addBatch();
                }
                insertSlot.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("analyze");
        }
        Topics topics = Topics.defaults();
        LatencySeries latency = new LatencySeries("PostgreSQL booking transaction");
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long origin = System.nanoTime();
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            workers.add(pool.submit(() -> {
                int done = 0;
                try (Connection c = DriverManager.getConnection(url, user, password)) {
                    c.setAutoCommit(false);
                    for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                        AttemptPlan.Attempt a = plan.attempts().get(i);
                        long start = System.nanoTime();
                        book(c, topics, userIds[a.user()], slotIds[a.slot()], "pg-" + i);
                        latency.record(origin, start, System.nanoTime() - start);
                        done++;
                    }
                }
                return done;
            }));
        }
        int total = 0;
        for (Future<Integer> f : workers) {
            total += f.get();
        }
        double seconds = (System.nanoTime() - origin) / 1e9;
        pool.shutdown();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("what", "booking-api's booking transaction over JDBC, " + connections + " connections, own database on the same server");
        out.put("transactions", total);
        out.put("seconds", Stats.round(seconds));
        out.put("tx_per_s", Stats.round(total / seconds));
        out.put("latency", Stats.summary(latency.total()));
        return out;
    }

    private static void book(Connection c, Topics topics, UUID userId, UUID slotId, String key) throws SQLException {
        try {
            try (PreparedStatement replay = c.prepareStatement(VIEW + " where b.user_id = ? and b.idempotency_key = ?")) {
                replay.setObject(1, userId);
                replay.setString(2, key);
                drain(replay.executeQuery());
            }
            int capacity;
            Instant now = Instant.now();
            try (PreparedStatement slot = c.prepareStatement("select * from time_slots where id = ?")) {
                slot.setObject(1, slotId);
                try (ResultSet rs = slot.executeQuery()) {
                    rs.next();
                    capacity = rs.getInt("capacity");
                }
            }
            try (PreparedStatement active = c.prepareStatement(
                    "select status from bookings where user_id = ? and slot_id = ? and status in ('PENDING', 'CONFIRMED')")) {
                active.setObject(1, userId);
                active.setObject(2, slotId);
                drain(active.executeQuery());
            }
            UUID bookingId = UUID.randomUUID();
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into bookings (id, slot_id, user_id, status, idempotency_key, slot_capacity, created_at)
                    values (?, ?, ?, 'PENDING', ?, ?, ?) on conflict (user_id, idempotency_key) do nothing""")) {
                insert.setObject(1, bookingId);
                insert.setObject(2, slotId);
                insert.setObject(3, userId);
                insert.setString(4, key);
                insert.setInt(5, capacity);
                insert.setTimestamp(6, Timestamp.from(now));
                insert.executeUpdate();
            }
            BookingRequested command = new BookingRequested(UUID.randomUUID(), now, slotId, bookingId, userId);
            try (PreparedStatement outbox = c.prepareStatement(
                    "insert into outbox (event_id, topic, message_key, payload) values (?, ?, ?, ?)")) {
                outbox.setObject(1, command.eventId());
                outbox.setString(2, topics.bookingCommands().name());
                outbox.setString(3, slotId.toString());
                outbox.setBytes(4, topics.bookingCommands().valueSerde().serializer().serialize(topics.bookingCommands().name(), command));
                outbox.executeUpdate();
            }
            try (PreparedStatement view = c.prepareStatement(VIEW + " where b.id = ?")) {
                view.setObject(1, bookingId);
                drain(view.executeQuery());
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    private static String schema() throws IOException {
        try (InputStream in = PostgresLimit.class.getResourceAsStream("/db/migration/V1__schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("booking-api's schema (db/migration/V1__schema.sql) is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
