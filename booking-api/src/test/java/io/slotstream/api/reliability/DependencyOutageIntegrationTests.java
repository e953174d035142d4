package io.slotstream.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import io.slotstream.testsupport.EmbeddedServers;
import io.slotstream.testsupport.ServerFaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL and Redis taken away for a few seconds under a running booking-api (PostgreSQL crashed with
 * {@code pg_ctl stop -m immediate}, Redis stopped), then started again on the same port and data directory: new
 * requests are refused with 503 problem+json (never half done), what was accepted before is still there, a decision
 * that arrived meanwhile is applied once the database is back, and the API recovers by itself.
 */
class DependencyOutageIntegrationTests extends ReliabilityTestBase {

    @Test
    void whilePostgresIsDownRequestsGet503AndNothingAcceptedIsLost() throws Exception {
        EmbeddedServers embedded = ServerFaults.embeddedOrNull();
        assumeTrue(embedded != null,
                "needs the embedded PostgreSQL: a container's databases are not reachable as superuser from here");
        ApiClient admin = admin();
        UUID slot = createSlot(admin, daysAhead(11), 10, 3);
        List<UUID> accepted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ApiClient user = signedInUser();
            Answer answer = user.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", "before-" + i));
            assertThat(answer.status()).isEqualTo(202);
            accepted.add(UUID.fromString(answer.json().get("id").asString()));
        }
        UUID waitingForDecision = accepted.get(0);
        UUID owner = jdbc.sql("select user_id from bookings where id = :id").param("id", waitingForDecision).query(UUID.class).single();
        // signed in before the outage, with no booking of this slot yet (another request of the same person for the
        // same slot would rightly get 409 "already requested")
        ApiClient latecomer = signedInUser();
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from outbox").query(Long.class).single() == 0);

        // the tests' server commits asynchronously (synchronous_commit=off), so a crash may lose the last few hundred
        // milliseconds of commits; what the service had answered before the crash is made durable first, as a server
        // with synchronous commits (production's) does at every commit
        jdbc.sql("checkpoint").update();
        ServerFaults.PostgresCrash crash = ServerFaults.crashPostgres(embedded);
        try {
            // a decision arrives while the database is away: it must wait, not be dead-lettered and lost
            Topics topics = Topics.defaults();
            try (KafkaProducer<String, BookingEvent> events = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
                    new StringSerializer(), topics.bookingEvents().valueSerde().serializer())) {
                events.send(new ProducerRecord<>(topics.bookingEvents().name(), slot.toString(),
                        new BookingConfirmed(UUID.randomUUID(), Instant.now(), slot, waitingForDecision, owner))).get();
            }
            Answer refused = latecomer.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", "during-1"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).contains("Nothing was saved");
            Answer read = browser().get("/api/timeslots?from=" + daysAhead(10) + "&to=" + daysAhead(12));
            assertThat(read.status()).as(read.body()).isEqualTo(503);
            assertThat(read.contentType()).startsWith("application/problem+json");
            // a few seconds of outage, long enough for the decision consumer to try and fail several times
            Thread.sleep(4000);
        } finally {
            crash.restart();
        }

        // back by itself: the same client's retry under the same key is answered, and nothing accepted is lost
        // (503 until the database answers again; once a second, below the per-account booking rate limit)
        AtomicReference<Answer> retried = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            retried.set(latecomer.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", "during-1")));
            return retried.get().status() != 503;
        });
        assertThat(retried.get().status()).as(retried.get().body()).isEqualTo(202);
        assertThat(jdbc.sql("select count(*) from bookings where slot_id = :s").param("s", slot).query(Long.class).single())
                .as("the four accepted before and the one accepted after").isEqualTo(5);
        for (UUID id : accepted) {
            assertThat(jdbc.sql("select count(*) from bookings where id = :id").param("id", id).query(Long.class).single()).isOne();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "CONFIRMED".equals(jdbc.sql("select status from bookings where id = :id")
                .param("id", waitingForDecision).query(String.class).single()));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from outbox").query(Long.class).single() == 0);
    }

    @Test
    void whileRedisIsDownSignInFailsWith503AndWorksAgainAfterwards() {
        EmbeddedServers embedded = ServerFaults.embeddedOrNull();
        assumeTrue(embedded != null, "needs the embedded Redis: a container cannot be stopped and started in place from here");
        ApiClient newcomer = browser();
        newcomer.get("/api/auth/csrf");
        ServerFaults.stopRedis(embedded);
        long usersBefore;
        try {
            usersBefore = jdbc.sql("select count(*) from users").query(Long.class).single();
            Answer signIn = newcomer.signIn("root", "admin-password-1");
            assertThat(signIn.status()).as(signIn.body()).isEqualTo(503);
            assertThat(signIn.contentType()).startsWith("application/problem+json");
            Answer register = newcomer.register("redis-down-" + UUID.randomUUID().toString().substring(0, 6), "long enough pass");
            assertThat(register.status()).as(register.body()).isEqualTo(503);
            assertThat(register.contentType()).startsWith("application/problem+json");
            // not half-way: no account was created without the session that should have come with it
            assertThat(jdbc.sql("select count(*) from users").query(Long.class).single()).isEqualTo(usersBefore);
        } finally {
            ServerFaults.startRedis(embedded);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> browser().signIn("root", "admin-password-1").status() == 200);
    }
}
