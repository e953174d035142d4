package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The README's run command twice on one data folder: what the first run stored (an account, its session, a slot,
 * a booking and its decision, the topics, the stream processor's state and every consumer's offsets) is there in
 * the second, and the pipeline goes on from where it stopped. Everything goes through nginx, as a browser would.
 */
class LocalStackRestartIntegrationTests {

    static final String ADMIN_PASSWORD = "restart-secret-1";

    @Test
    void aSecondRunOnTheSameDataFolderKeepsEverythingAndGoesOn() throws Exception {
        Path work = Files.createTempDirectory("local-stack-restart");
        Path staticRoot = Files.createDirectories(work.resolve("browser"));
        Files.writeString(staticRoot.resolve("index.html"), "<!doctype html><title>restart</title>");
        LocalStack.Options options = new LocalStack.Options(work.resolve("data"), LoopbackPorts.pick(), ADMIN_PASSWORD,
                staticRoot, NginxProcess.requireBinary());

        String session;
        UUID slot;
        String firstBooking;
        List<Long> pids = new ArrayList<>();
        try (LocalStack first = LocalStack.start(options)) {
            assertThat(first.nginx()).isPresent();
            pids.add(first.nginx().orElseThrow().pid());
            ApiClient admin = signedInAdmin(first);
            slot = BookingRaceIntegrationTests.createSlots(admin, 1, 2).get(0);
            ApiClient ada = new ApiClient(first.address());
            assertThat(ada.register("ada", "restart password 1").status()).isEqualTo(201);
            Answer booked = ada.post("/api/bookings", Map.of("slotId", slot.toString()));
            assertThat(booked.status()).as(booked.body()).isEqualTo(202);
            firstBooking = booked.json().get("id").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(ada, firstBooking).equals("CONFIRMED"));
            session = ada.cookie("SESSION");
        }
        // everything it started is gone
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false)));

        try (LocalStack second = LocalStack.start(options)) {
            // the session (Redis) still signs Ada in, and her confirmed booking (PostgreSQL) is still hers
            HttpResponse<String> mine = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(second.address() + "/api/user/bookings"))
                    .header("Cookie", "SESSION=" + session).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(mine.statusCode()).isEqualTo(200);
            assertThat(mine.body()).contains(firstBooking).contains("CONFIRMED");

            // the slot's state (Kafka and the stream processor's store) remembers Ada: one place is left
            ApiClient bob = new ApiClient(second.address());
            assertThat(bob.register("bob", "restart password 2").status()).isEqualTo(201);
            String bobs = bob.post("/api/bookings", Map.of("slotId", slot.toString())).json().get("id").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(bob, bobs).equals("CONFIRMED"));
            ApiClient cyd = new ApiClient(second.address());
            assertThat(cyd.register("cyd", "restart password 3").status()).isEqualTo(201);
            String cyds = cyd.post("/api/bookings", Map.of("slotId", slot.toString())).json().get("id").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(cyd, cyds).equals("REJECTED"));

            // the topics kept the first run's events, and nothing was decided twice after the restart
            Map<String, Integer> decisions = decisionsPerBooking(second.servers().endpoints().kafkaBootstrapServers(), 3);
            assertThat(decisions).containsOnly(Map.entry(firstBooking, 1), Map.entry(bobs, 1), Map.entry(cyds, 1));
        }
    }

    static ApiClient signedInAdmin(LocalStack stack) {
        ApiClient admin = new ApiClient(stack.address());
        Answer answer = admin.signIn("admin", ADMIN_PASSWORD);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return admin;
    }

    static String status(ApiClient client, String bookingId) {
        Answer answer = client.get("/api/bookings/" + bookingId);
        return answer.status() == 200 ? answer.json().get("status").asString() : "HTTP " + answer.status();
    }

    static Map<String, Integer> decisionsPerBooking(String bootstrap, int expected) {
        Topics topics = Topics.defaults();
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, BookingEvent> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                topics.bookingEvents().keySerde().deserializer(), topics.bookingEvents().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.bookingEvents().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, BookingEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof BookingDecision decision) {
                        counts.merge(decision.bookingId().toString(), 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(counts).hasSize(expected);
        return counts;
    }
}
