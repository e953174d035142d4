package io.slotstream.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.api.TestUsers;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import io.slotstream.testsupport.BlackholeProxy;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL cut off without a word: booking-api reaches its database through a {@link BlackholeProxy}, which
 * stops every connection dead (no FIN, no RST) at the worst moment for the outbox relay: after Kafka acknowledged
 * a batch, as the relay sends the {@code delete} of that batch inside the transaction that holds the relay lock.
 *
 * <p>Two settings make the service recover: the pgjdbc read timeout ({@code socketTimeout}) frees the relay
 * thread waiting for an answer that never comes, and {@code idle_in_transaction_session_timeout} makes PostgreSQL
 * end the abandoned transaction that still holds the relay's advisory lock, which PostgreSQL would otherwise keep
 * while the dead connection looks alive. Here they are shortened to 3 and 5 seconds so the test stays short.
 * Without either the outbox is never relayed again; both were checked by running this test with each taken out
 * (see docs/reliability.md).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "slotstream.accounts.admin.username=" + TestUsers.ADMIN_USERNAME,
            "slotstream.accounts.admin.password=" + TestUsers.ADMIN_PASSWORD,
            "slotstream.outbox.idle-poll=20ms",
            "slotstream.decisions.group-id=api-silent-cut-decisions",
            "spring.datasource.hikari.data-source-properties.socketTimeout=3",
            "spring.datasource.hikari.data-source-properties.options=-c idle_in_transaction_session_timeout=5s"
        })
class SilentDatabaseCutIntegrationTests {

    static final ServerEndpoints servers = SharedServers.withFreshDatabase("api_silent_cut");
    static final BlackholeProxy proxy = proxyTo(servers.jdbcUrl());

    /** Straight to PostgreSQL, for the checks; the service's own pool goes through the proxy. */
    static final JdbcClient direct = JdbcClient.create(
            new DriverManagerDataSource(servers.jdbcUrl(), servers.jdbcUsername(), servers.jdbcPassword()));

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.datasource.url", () -> servers.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
    }

    @AfterAll
    static void closeProxy() {
        proxy.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aDatabaseThatStopsAnsweringMidTransactionCosts503sAndNothingElse() throws Exception {
        TestUsers people = new TestUsers(port);
        ApiClient admin = people.admin();
        UUID slot = createSlot(admin);
        ApiClient first = people.signedInUser();
        ApiClient second = people.signedInUser();
        ApiClient third = people.signedInUser();
        assertThat(book(first, slot, "first").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows() == 0);

        proxy.cutWhenClientSends("delete from outbox");
        Answer accepted = book(second, slot, "second");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        UUID secondBooking = UUID.fromString(accepted.json().get("id").asString());
        // the relay publishes the second booking, then its delete of that batch is the cut
        await().atMost(Duration.ofSeconds(30)).until(() -> copiesOnBookingCommands(secondBooking).size() >= 1);

        Answer refused;
        long started = System.nanoTime();
        try {
            refused = book(third, slot, "third");
        } finally {
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
            Thread.sleep(1000);
            proxy.restore();
            assertThat(answeredIn).as("answered while the database is unreachable").isLessThan(Duration.ofSeconds(20));
        }
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        // the same request again, once the network is back, is taken
        AtomicReference<Answer> retried = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            retried.set(book(third, slot, "third"));
            return retried.get().status() != 503;
        });
        assertThat(retried.get().status()).as(retried.get().body()).isEqualTo(202);

        // the relay is free again and its lock was released: the outbox drains, the cut batch is sent once more
        // under the same eventId, and every accepted booking is in the database once
        await().atMost(Duration.ofSeconds(60)).until(() -> outboxRows() == 0);
        List<ConsumerRecord<String, byte[]>> copies = copiesOnBookingCommands(secondBooking);
        assertThat(copies).as("the batch cut before its delete was published again").hasSizeGreaterThanOrEqualTo(2);
        assertThat(copies.stream().map(SilentDatabaseCutIntegrationTests::eventId).distinct()).as("one eventId").hasSize(1);
        assertThat(direct.sql("select count(*) from bookings where slot_id = :s").param("s", slot).query(Long.class).single())
                .as("first, second and third, once each").isEqualTo(3);
    }

    private static BlackholeProxy proxyTo(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return BlackholeProxy.to(uri.getHost(), uri.getPort());
    }

    private static UUID createSlot(ApiClient admin) {
        Instant startsAt = Instant.now().plus(Duration.ofDays(9)).truncatedTo(ChronoUnit.HOURS);
        Answer created = admin.post("/api/admin/timeslots", Map.of(
                "categoryId", 1, "startsAt", startsAt.toString(), "endsAt", startsAt.plus(Duration.ofHours(1)).toString(),
                "capacity", 5));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    private static Answer book(ApiClient user, UUID slot, String key) {
        return user.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", key));
    }

    private static long outboxRows() {
        return direct.sql("select count(*) from outbox").query(Long.class).single();
    }

    /** The records on booking-commands that request {@code bookingId}. */
    private static List<ConsumerRecord<String, byte[]>> copiesOnBookingCommands(UUID bookingId) {
        Topics topics = Topics.defaults();
        var deserializer = topics.bookingCommands().valueSerde().deserializer();
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers());
        List<ConsumerRecord<String, byte[]>> copies = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            String topic = topics.bookingCommands().name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    BookingCommand command;
                    try {
                        command = deserializer.deserialize(topic, record.value());
                    } catch (RuntimeException e) {
                        continue; // another test's poison record
                    }
                    if (command instanceof BookingRequested requested && requested.bookingId().equals(bookingId)) {
                        copies.add(record);
                    }
                }
            }
        }
        return copies;
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8);
    }
}
