package io.slotstream.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.api.TestUsers;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * booking-api on real PostgreSQL, Redis and Kafka for the retry and bad-input tests. The test classes extending it
 * share one application context and one database of their own.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "slotstream.accounts.admin.username=root",
            "slotstream.accounts.admin.password=admin-password-1",
            "slotstream.outbox.idle-poll=20ms",
            "slotstream.decisions.group-id=api-reliability-decisions"
        })
abstract class ReliabilityTestBase {

    /**
     * The tables a request can add rows to. The outbox is left out: its rows are written in the same transaction as
     * a slot or booking row and are deleted again by the relay a moment later.
     */
    static final List<String> TABLES = List.of("users", "categories", "time_slots", "bookings");
    static final ServerEndpoints servers = SharedServers.withFreshDatabase("api_reliability");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient browser() {
        return new TestUsers(port).browser();
    }

    ApiClient signedInUser() {
        return new TestUsers(port).signedInUser();
    }

    ApiClient admin() {
        return new TestUsers(port).admin();
    }

    UUID createSlot(ApiClient admin, Instant startsAt, int capacity, long category) {
        Answer created = admin.post("/api/admin/timeslots", Map.of(
                "categoryId", category, "startsAt", startsAt.toString(), "endsAt", startsAt.plus(Duration.ofHours(1)).toString(),
                "capacity", capacity));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    static Instant daysAhead(int days) {
        return Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.HOURS);
    }

    /** Rows per table, to prove a refused request wrote nothing anywhere. */
    Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return counts;
    }

    long bookingsOf(UUID slotId) {
        return jdbc.sql("select count(*) from bookings where slot_id = :s").param("s", slotId).query(Long.class).single();
    }
}
