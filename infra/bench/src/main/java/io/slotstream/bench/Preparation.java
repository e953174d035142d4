package io.slotstream.bench;

import java.net.http.HttpClient;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prepares a run through the public API, as people and an admin would: accounts, then the slots on sale. */
final class Preparation {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PASSWORD = "bench rush password 1";
    // a batch of 1,000 slots is over booking-api's 64 KiB body limit
    private static final int BATCH = 250;

    private final HttpClient http;
    private final String baseUrl;
    private final String run;

    Preparation(HttpClient http, String baseUrl, String run) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.run = run;
    }

    /** Registers {@code count} people (signed in afterwards), {@code threads} at a time. */
    List<WebSession> register(String prefix, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<WebSession>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String username = prefix + i + "-" + run;
                futures.add(pool.submit(() -> register(username)));
            }
            List<WebSession> sessions = new ArrayList<>(count);
            for (Future<WebSession> f : futures) {
                sessions.add(f.get());
            }
            return sessions;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * On the local stack: the accounts are written straight into the database with a {@code {noop}} password hash
     * (booking-api's delegating password encoder reads it), then each person signs in over the API. Registering over
     * the API hashes every password with bcrypt, about 0.1 s of CPU each: minutes of a busy 2-core machine before the
     * rush, measuring nothing the rush is about.
     */
    List<WebSession> createAndSignIn(String prefix, int count, int threads, String jdbcUrl, String jdbcUser, String jdbcPassword)
            throws Exception {
        List<String> names = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
                java.sql.PreparedStatement insert = c.prepareStatement(
                        "insert into users (id, username, email, password_hash, roles) values (?, ?, ?, ?, 'USER')")) {
            for (int i = 0; i < count; i++) {
                String username = prefix + i + "-" + run;
                names.add(username);
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, username);
                insert.setString(3, username + "@bench.test");
                insert.setString(4, "{noop}" + PASSWORD);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<WebSession>> futures = new ArrayList<>();
            for (String username : names) {
                futures.add(pool.submit(() -> signIn(username)));
            }
            List<WebSession> sessions = new ArrayList<>(count);
            for (Future<WebSession> f : futures) {
                sessions.add(f.get());
            }
            return sessions;
        } finally {
            pool.shutdownNow();
        }
    }

    private WebSession signIn(String username) {
        WebSession session = new WebSession(http, baseUrl);
        WebSession.Answer answer = session.post("/api/auth/login", JSON.writeValueAsString(Map.of("username", username, "password", PASSWORD)), Map.of());
        if (answer.status() != 200 || session.cookie("SESSION") == null) {
            throw new IllegalStateException("signing in " + username + " answered " + answer.status() + ": " + answer.body());
        }
        session.userId(JSON.readTree(answer.body()).get("id").asString());
        return session;
    }

    private WebSession register(String username) {
        WebSession session = new WebSession(http, baseUrl);
        String body = JSON.writeValueAsString(Map.of("username", username, "email", username + "@bench.test", "password", PASSWORD));
        WebSession.Answer answer = session.post("/api/auth/register", body, Map.of());
        if (answer.status() != 201) {
            throw new IllegalStateException("registering " + username + " answered " + answer.status() + ": " + answer.body());
        }
        session.userId(JSON.readTree(answer.body()).get("id").asString());
        if (session.cookie("SESSION") == null) {
            throw new IllegalStateException("no SESSION cookie after registering " + username);
        }
        return session;
    }

    /** Signs the admin in; booking-api creates the first admin just after it reports ready, so a 401 is retried briefly. */
    WebSession admin(String user, String password) throws InterruptedException {
        WebSession.Answer answer = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            WebSession admin = new WebSession(http, baseUrl);
            answer = admin.post("/api/auth/login", JSON.writeValueAsString(Map.of("username", user, "password", password)), Map.of());
            if (answer.status() == 200) {
                return admin;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("admin sign-in answered " + answer.status() + ": " + answer.body());
    }

    /** Creates the slots in batches, one hour each from tomorrow on; returns their ids in order. */
    List<UUID> slots(WebSession admin, int count, int capacity) {
        JsonNode categories = JSON.readTree(admin.get("/api/categories").body());
        long categoryId = categories.get(0).get("id").asLong();
        Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
        List<UUID> ids = new ArrayList<>(count);
        for (int start = 0; start < count; start += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + BATCH); i++) {
                Map<String, Object> slot = new LinkedHashMap<>();
                slot.put("categoryId", categoryId);
                slot.put("startsAt", first.plus(i, ChronoUnit.HOURS).toString());
                slot.put("endsAt", first.plus(i, ChronoUnit.HOURS).plus(45, ChronoUnit.MINUTES).toString());
                slot.put("capacity", capacity);
                batch.add(slot);
            }
            WebSession.Answer answer = admin.post("/api/admin/timeslots/batch", JSON.writeValueAsString(Map.of("slots", batch)), Map.of());
            if (answer.status() != 201) {
                throw new IllegalStateException("creating slots answered " + answer.status() + ": " + answer.body());
            }
            for (JsonNode slot : JSON.readTree(answer.body())) {
                ids.add(UUID.fromString(slot.get("id").asString()));
            }
        }
        return ids;
    }
}
