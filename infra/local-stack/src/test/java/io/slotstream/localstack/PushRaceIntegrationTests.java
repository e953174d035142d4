package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole flow to the browser: 100 people signed in through booking-api hold a WebSocket to push-service while
 * they race for the same slots over HTTP. Everyone sees every booking and availability change once and in order,
 * each person learns the fate of their own requests, and nobody learns anything about anyone else.
 */
class PushRaceIntegrationTests {

    static final int USERS = 100;
    static final int SLOTS = 4;
    static final String PASSWORD = "push race password 1";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static RunningStack stack;

    @BeforeAll
    static void start() {
        stack = RunningStack.start("push-race");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    record Person(String username, UUID id, ApiClient api, Browser socket) {}

    /** The WebSocket side of one browser: every text frame it got, in order. */
    static final class Browser implements WebSocket.Listener {
        final List<String> raw = new CopyOnWriteArrayList<>();
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        volatile boolean closed;
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                raw.add(partial.toString());
                frames.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }

        List<JsonNode> ofType(String type, Set<String> slots) {
            return frames.stream()
                    .filter(f -> type.equals(f.path("type").asString()))
                    .filter(f -> slots.contains(f.path("data").path("slotId").asString()))
                    .toList();
        }
    }

    @Test
    void everyoneSeesEveryBookingOnceInOrderAndOnlyTheirOwnDecisions() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Person> people = new ArrayList<>();
        try {
            // 100 people sign up through booking-api and open the push connection with their session cookie
            List<Future<Person>> signUps = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String username = "pushracer" + i + "x" + run;
                signUps.add(pool.submit(() -> {
                    ApiClient api = stack.browser();
                    Answer registered = api.register(username, PASSWORD);
                    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
                    UUID id = UUID.fromString(registered.json().get("id").asString());
                    Browser browser = new Browser();
                    browser.socket = http.newWebSocketBuilder()
                            .header("Cookie", "SESSION=" + api.cookie("SESSION"))
                            .header("Origin", RunningStack.ORIGIN)
                            .buildAsync(URI.create("ws://127.0.0.1:" + stack.push.port() + "/ws"), browser)
                            .get(10, TimeUnit.SECONDS);
                    return new Person(username, id, api, browser);
                }));
            }
            for (Future<Person> signUp : signUps) {
                people.add(signUp.get());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> people.stream().allMatch(p -> !p.socket().frames.isEmpty()));
            assertThat(people).allSatisfy(p -> assertThat(p.socket().frames.get(0).get("type").asString()).isEqualTo("welcome"));

            // the admin opens the slots; then everybody asks for every slot at once
            List<UUID> slots = BookingRaceIntegrationTests.createSlots(stack.admin(), SLOTS, 1);
            Set<String> slotIds = slots.stream().map(UUID::toString).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(30)).until(() -> people.stream()
                    .allMatch(p -> p.socket().ofType("timeslot_created", slotIds).size() == SLOTS));
            Map<UUID, Set<String>> requestedBy = new ConcurrentHashMap<>();
            List<Future<?>> requests = new ArrayList<>();
            for (Person person : people) {
                for (UUID slot : slots) {
                    requests.add(pool.submit(() -> {
                        Answer answer = person.api().post("/api/bookings", Map.of("slotId", slot.toString()),
                                Map.of("Idempotency-Key", person.username() + "-" + slot));
                        assertThat(answer.status()).as(answer.body()).isIn(201, 202, 409);
                        String bookingId = answer.status() == 409
                                ? answer.json().get("bookingId").asString()
                                : answer.json().get("id").asString();
                        requestedBy.computeIfAbsent(person.id(), id -> ConcurrentHashMap.newKeySet()).add(bookingId);
                    }));
                }
            }
            for (Future<?> request : requests) {
                request.get();
            }

            // every requester hears about each of their requests
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> people.stream()
                    .allMatch(p -> decisions(p).size() >= SLOTS));
            Facts facts = factsOnTopics(slots);
            assertThat(facts.confirmations).as("one confirmation per slot of capacity 1").isEqualTo(SLOTS);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> people.stream()
                    .allMatch(p -> p.socket().ofType("availability_changed", slotIds).size() >= facts.availabilityChanges
                            && p.socket().ofType("booking_created", slotIds).size() >= SLOTS));
            Thread.sleep(500); // a duplicate would arrive right behind

            List<String> reference = broadcasts(people.get(0).socket(), slotIds);
            for (Person person : people) {
                Browser browser = person.socket();
                assertThat(browser.closed).as("connection of %s", person.username()).isFalse();
                // every broadcast once, in seq order, and the same stream for everyone
                assertThat(browser.ofType("booking_created", slotIds)).hasSize(SLOTS);
                assertThat(browser.ofType("availability_changed", slotIds)).hasSize(facts.availabilityChanges);
                List<Long> seqs = browser.frames.stream()
                        .filter(f -> f.has("seq") && slotIds.contains(f.path("data").path("slotId").asString()))
                        .map(f -> f.get("seq").asLong()).toList();
                assertThat(seqs).doesNotHaveDuplicates().isSorted();
                assertThat(broadcasts(browser, slotIds)).isEqualTo(reference);

                // exactly their own decisions, one per request
                List<JsonNode> mine = decisions(person);
                assertThat(mine).hasSize(SLOTS);
                assertThat(mine.stream().map(f -> f.get("data").get("bookingId").asString()).collect(Collectors.toSet()))
                        .isEqualTo(requestedBy.get(person.id()));
                assertThat(mine).allSatisfy(f -> assertThat(f.has("seq")).isFalse());
                mine.forEach(f -> assertThat(stack.jdbc().sql("select status from bookings where id = ?")
                                .param(UUID.fromString(f.get("data").get("bookingId").asString()))
                                .query(String.class).single())
                        .isEqualTo(f.get("type").asString().equals("booking_confirmed") ? "CONFIRMED" : "REJECTED"));

                // and nothing about anybody else
                String everything = String.join("\n", browser.raw);
                for (Person other : people) {
                    if (other != person) {
                        assertThat(everything).as("%s's frames", person.username())
                                .doesNotContain(other.id().toString())
                                .doesNotContain(other.username());
                        requestedBy.get(other.id()).forEach(booking -> assertThat(everything).doesNotContain(booking));
                    }
                }
            }
            long confirmedFrames = people.stream().flatMap(p -> decisions(p).stream())
                    .filter(f -> f.get("type").asString().equals("booking_confirmed")).count();
            assertThat(confirmedFrames).isEqualTo(SLOTS);
        } finally {
            pool.shutdownNow();
            for (Person person : people) {
                person.socket().socket.abort();
            }
        }
    }

    static List<JsonNode> decisions(Person person) {
        return person.socket().frames.stream()
                .filter(f -> Set.of("booking_confirmed", "booking_rejected").contains(f.path("type").asString()))
                .toList();
    }

    static List<String> broadcasts(Browser browser, Set<String> slotIds) {
        return browser.frames.stream()
                .filter(f -> f.has("seq") && slotIds.contains(f.path("data").path("slotId").asString()))
                .map(JsonNode::toString)
                .toList();
    }

    record Facts(int confirmations, int availabilityChanges) {}

    /** What the stream processor published for these slots (read committed). */
    static Facts factsOnTopics(List<UUID> slots) {
        Topics topics = Topics.defaults();
        Set<UUID> ours = new HashSet<>(slots);
        int confirmations = 0;
        for (ConsumerRecord<String, BookingEvent> r : readAll(topics.bookingEvents().name(), topics.bookingEvents().valueSerde().deserializer())) {
            if (r.value() instanceof BookingConfirmed c && ours.contains(c.slotId())) {
                confirmations++;
            }
        }
        int changes = 0;
        for (ConsumerRecord<String, SlotAvailability> r : readAll(topics.slotAvailability().name(), topics.slotAvailability().valueSerde().deserializer())) {
            if (r.value() != null && ours.contains(r.value().slotId())) {
                changes++;
            }
        }
        return new Facts(confirmations, changes);
    }

    static <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.servers.kafkaBootstrapServers());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings,
                new org.apache.kafka.common.serialization.StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
