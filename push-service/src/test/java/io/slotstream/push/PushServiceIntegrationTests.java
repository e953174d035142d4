package io.slotstream.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * Two push-service instances on the real embedded Kafka and Redis, sharing one Redis key prefix and one consumer
 * group as in production, with WebSocket clients signed in through sessions written the way booking-api writes
 * them.
 */
class PushServiceIntegrationTests {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String ORIGIN = "http://localhost:8080";
    static final Instant STARTS_AT = Instant.now().plus(Duration.ofDays(10));
    static final Topics TOPICS = Topics.defaults();
    static final int HISTORY = 50;

    static ServerEndpoints servers;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static Sessions sessions;
    static KafkaProducer<String, BookingEvent> events;
    static KafkaProducer<String, SlotAvailability> availability;
    static final List<AutoCloseable> clients = new ArrayList<>();

    /** Small socket buffers on instance A, so that a client that stops reading fills them within a few frames. */
    /** Registered as a source of instance A only (not a @Configuration, so component scanning leaves it alone). */
    static class SmallSocketBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffer() {
            return connector -> connector.setProperty("socket.txBufSize", "4096");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        servers = SharedServers.get().endpoints();
        // A re-checks sessions every second; B practically never, so on B only the announcement can close a socket
        a = instance(Map.of("slotstream.push.session.recheck-interval", "1s"), SmallSocketBuffers.class);
        b = instance(Map.of("slotstream.push.session.recheck-interval", "1h"));
        sessions = new Sessions(servers.redisHost(), servers.redisPort());
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        events = new KafkaProducer<>(producer, new StringSerializer(), TOPICS.bookingEvents().valueSerde().serializer());
        availability = new KafkaProducer<>(producer, new StringSerializer(), TOPICS.slotAvailability().valueSerde().serializer());
        awaitPartitionsSplitBetweenTheInstances();
    }

    static ConfigurableApplicationContext instance(Map<String, String> settings, Class<?>... extra) {
        Map<String, Object> properties = new HashMap<>(servers.springProperties());
        properties.keySet().removeIf(key -> key.startsWith("spring.datasource"));
        properties.put("server.port", "0");
        properties.put("slotstream.push.relay.key-prefix", "push-it-" + RUN);
        properties.put("slotstream.push.relay.history-length", Integer.toString(HISTORY));
        properties.put("slotstream.push.kafka.group-id", "push-it-" + RUN);
        properties.put("slotstream.push.send-time-limit", "1s");
        properties.put("slotstream.push.buffer-size-limit", "16KB");
        properties.put("slotstream.push.allowed-origins", ORIGIN);
        properties.putAll(settings);
        var builder = PushServiceApplication.builder();
        for (Class<?> source : extra) {
            builder.sources(source);
        }
        // command-line arguments: above push-service.yml, as in the local stack
        return builder.run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        events.close();
        availability.close();
        sessions.close();
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    // ---- the tests --------------------------------------------------------------------------------------

    @Test
    void clientsOnTwoInstancesReceiveTheSameBroadcastsOnceEachAndInSeqOrder() throws Exception {
        WsClient onA = connect(a, UUID.randomUUID());
        WsClient onB = connect(b, UUID.randomUUID());
        List<UUID> slots = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        for (UUID slot : slots) {
            send(opened(slot));
            for (int booked = 0; booked < 5; booked++) {
                send(availability(slot, 5, booked));
            }
        }

        Predicate<JsonNode> ours = aboutSlots(slots);
        onA.awaitCount(ours, 24);
        onB.awaitCount(ours, 24);
        Thread.sleep(300); // a duplicate would arrive right behind
        assertThat(onA.seqs(ours)).hasSize(24).doesNotHaveDuplicates().isSorted();
        assertThat(onB.seqs(ours)).isEqualTo(onA.seqs(ours));
        assertThat(onB.matching(ours).stream().map(JsonNode::toString).toList())
                .isEqualTo(onA.matching(ours).stream().map(JsonNode::toString).toList());
        assertThat(onA.matching(ours)).filteredOn(f -> f.get("type").asString().equals("timeslot_created")).hasSize(4);
        assertThat(onA.matching(ours)).filteredOn(f -> f.get("type").asString().equals("availability_changed")).hasSize(20);
    }

    @Test
    void decisionsReachOnlyTheirRequesterOnEveryConnectionAndBroadcastsNameNobody() throws Exception {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        WsClient aliceOnA = connect(a, alice);
        WsClient aliceOnB = connect(b, alice);
        WsClient bobOnA = connect(a, bob);
        UUID slot = UUID.randomUUID();
        UUID aliceBooking = UUID.randomUUID();
        UUID bobBooking = UUID.randomUUID();

        send(new BookingConfirmed(UUID.randomUUID(), Instant.now(), slot, aliceBooking, alice));
        send(new BookingRejected(UUID.randomUUID(), Instant.now(), slot, bobBooking, bob, RejectionReason.SLOT_TAKEN, null));

        Predicate<JsonNode> decisionOfSlot = f -> f.path("data").path("slotId").asString().equals(slot.toString())
                && f.path("data").has("bookingId");
        aliceOnA.awaitCount(decisionOfSlot, 1);
        aliceOnB.awaitCount(decisionOfSlot, 1);
        bobOnA.awaitCount(decisionOfSlot, 1);
        bobOnA.awaitCount(aboutSlots(List.of(slot)).and(type("booking_created")), 1);
        Thread.sleep(300);

        for (WsClient client : List.of(aliceOnA, aliceOnB)) {
            assertThat(client.matching(decisionOfSlot)).singleElement().satisfies(f -> {
                assertThat(f.get("type").asString()).isEqualTo("booking_confirmed");
                assertThat(f.get("data").get("bookingId").asString()).isEqualTo(aliceBooking.toString());
                assertThat(f.has("seq")).isFalse();
            });
            assertThat(String.join("\n", client.raw)).doesNotContain(bob.toString()).doesNotContain(bobBooking.toString());
        }
        assertThat(bobOnA.matching(decisionOfSlot)).singleElement().satisfies(f -> {
            assertThat(f.get("type").asString()).isEqualTo("booking_rejected");
            assertThat(f.get("data").get("reason").asString()).isEqualTo("SLOT_TAKEN");
        });
        assertThat(String.join("\n", bobOnA.raw)).doesNotContain(alice.toString()).doesNotContain(aliceBooking.toString());
    }

    @Test
    void anExpiredHoldAndTheOfferToTheFirstWaiterReachOnlyTheirOwnersLive() throws Exception {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        WsClient aliceOnA = connect(a, alice);
        WsClient bobOnB = connect(b, bob);
        UUID slot = UUID.randomUUID();
        UUID aliceBooking = UUID.randomUUID();
        UUID bobBooking = UUID.randomUUID();
        Instant now = Instant.now();

        send(new BookingHeld(UUID.randomUUID(), now, slot, aliceBooking, alice, now.plusSeconds(300), false));
        send(new BookingWaitlisted(UUID.randomUUID(), now, slot, bobBooking, bob, 1));
        send(new HoldExpired(UUID.randomUUID(), now.plusSeconds(300), slot, aliceBooking, alice));
        send(new BookingHeld(UUID.randomUUID(), now.plusSeconds(300), slot, bobBooking, bob, now.plusSeconds(600), true));

        Predicate<JsonNode> decisionOfSlot = f -> f.path("data").path("slotId").asString().equals(slot.toString())
                && f.path("data").has("bookingId");
        aliceOnA.awaitCount(decisionOfSlot, 2);
        bobOnB.awaitCount(decisionOfSlot, 2);
        Thread.sleep(300);

        assertThat(aliceOnA.matching(decisionOfSlot)).extracting(f -> f.get("type").asString())
                .containsExactly("booking_held", "hold_expired");
        assertThat(bobOnB.matching(decisionOfSlot)).extracting(f -> f.get("type").asString())
                .containsExactly("booking_waitlisted", "booking_held");
        JsonNode offer = bobOnB.matching(decisionOfSlot).get(1);
        assertThat(offer.get("data").get("offered").asBoolean()).isTrue();
        assertThat(offer.get("data").get("bookingId").asString()).isEqualTo(bobBooking.toString());
        assertThat(offer.has("seq")).isFalse();
        assertThat(String.join("\n", bobOnB.raw)).doesNotContain(alice.toString()).doesNotContain(aliceBooking.toString());
        assertThat(String.join("\n", aliceOnA.raw)).doesNotContain(bob.toString()).doesNotContain(bobBooking.toString());
    }

    @Test
    void aClientThatReconnectsWithItsLastSeqGetsExactlyTheBroadcastsItMissed() throws Exception {
        UUID user = UUID.randomUUID();
        WsClient observer = connect(b, UUID.randomUUID());
        WsClient client = connect(a, user);
        UUID slot = UUID.randomUUID();
        Predicate<JsonNode> ours = aboutSlots(List.of(slot));
        send(opened(slot));
        client.awaitCount(ours, 1);
        String epoch = client.first().get("data").get("epoch").asString();
        long lastSeq = client.seqs(ours).get(0);
        client.close();

        for (int booked = 0; booked < 8; booked++) {
            send(availability(slot, 10, booked));
        }
        observer.awaitCount(ours, 9);
        List<String> missed = observer.matching(f -> f.path("seq").asLong() > lastSeq && f.has("data")
                        && !f.get("type").asString().equals("welcome"))
                .stream().map(JsonNode::toString).toList();

        WsClient resumed = connect(b, user, "lastSeq=" + lastSeq + "&epoch=" + epoch);
        JsonNode welcome = resumed.first();
        assertThat(welcome.get("type").asString()).isEqualTo("welcome");
        assertThat(welcome.get("data").get("resumed").asBoolean()).isTrue();
        assertThat(welcome.get("seq").asLong()).isEqualTo(lastSeq);
        resumed.awaitCount(ours, 8);

        send(availability(slot, 10, 9));
        resumed.awaitCount(ours, 9);
        Thread.sleep(300);
        List<String> got = resumed.frames.subList(1, resumed.frames.size()).stream().map(JsonNode::toString).toList();
        assertThat(got.subList(0, missed.size())).isEqualTo(missed);
        assertThat(resumed.seqs(ours)).hasSize(9).doesNotHaveDuplicates().isSorted();
        assertThat(resumed.seqs(ours).get(0)).isEqualTo(lastSeq + 1 + (missed.size() - 8));
    }

    @Test
    void aResumeFromAnotherEpochOrOlderThanTheHistoryGetsResync() throws Exception {
        UUID user = UUID.randomUUID();
        WsClient fresh = connect(a, user);
        String epoch = fresh.first().get("data").get("epoch").asString();

        WsClient otherEpoch = connect(a, user, "lastSeq=1&epoch=not-" + epoch);
        assertThat(otherEpoch.first().get("type").asString()).isEqualTo("resync");
        assertThat(otherEpoch.first().get("data").get("reason").asString()).isEqualTo("epoch_changed");
        assertThat(otherEpoch.first().get("data").get("epoch").asString()).isEqualTo(epoch);

        UUID slot = UUID.randomUUID();
        for (int i = 0; i < 4 * HISTORY; i++) {
            send(availability(slot, 1000, i));
        }
        fresh.awaitCount(aboutSlots(List.of(slot)), 4 * HISTORY);

        WsClient tooOld = connect(b, user, "lastSeq=1&epoch=" + epoch);
        assertThat(tooOld.first().get("type").asString()).isEqualTo("resync");
        assertThat(tooOld.first().get("data").get("reason").asString()).isEqualTo("history_trimmed");

        WsClient ahead = connect(b, user, "lastSeq=99999999&epoch=" + epoch);
        assertThat(ahead.first().get("type").asString()).isEqualTo("resync");

        // after a resync the connection stays and continues live from the seq the resync named
        long position = tooOld.first().get("seq").asLong();
        send(availability(slot, 1000, 999));
        tooOld.awaitCount(f -> f.path("data").path("booked").asInt() == 999, 1);
        assertThat(tooOld.seqs(aboutSlots(List.of(slot)))).allSatisfy(seq -> assertThat(seq).isGreaterThan(position));
    }

    @Test
    void aHandshakeWithoutASignedInSessionOrFromAForeignOriginIsRefused() throws Exception {
        String url = url(a, "");
        assertThat(refusal(url, null, ORIGIN)).isEqualTo(401);
        assertThat(refusal(url, Sessions.cookie("no-such-session"), ORIGIN)).isEqualTo(401);
        assertThat(refusal(url, "%%%not-base64", ORIGIN)).isEqualTo(401);
        assertThat(refusal(url, sessions.anonymous(), ORIGIN)).isEqualTo(401);
        String signedIn = sessions.signedIn(UUID.randomUUID());
        assertThat(refusal(url, signedIn, "https://evil.example")).isEqualTo(403);
        assertThat(refusal(url(a, "?lastSeq=abc"), signedIn, ORIGIN)).isEqualTo(400);
        // and the same session from the right origin is let in
        WsClient allowed = track(WsClient.connect(url, signedIn, ORIGIN));
        assertThat(allowed.first().get("type").asString()).isEqualTo("welcome");
    }

    @Test
    void signingOutClosesThatSessionsConnectionsOnEveryInstanceAndItsNextHandshakeIsRefused() throws Exception {
        UUID user = UUID.randomUUID();
        String leaving = sessions.signedIn(user);
        String staying = sessions.signedIn(user); // the same person on another device
        WsClient onA = track(WsClient.connect(url(a, ""), leaving, ORIGIN));
        WsClient onB = track(WsClient.connect(url(b, ""), leaving, ORIGIN));
        WsClient otherDevice = track(WsClient.connect(url(a, ""), staying, ORIGIN));
        assertThat(onA.first().get("type").asString()).isEqualTo("welcome");
        assertThat(onB.first().get("type").asString()).isEqualTo("welcome");
        assertThat(otherDevice.first().get("type").asString()).isEqualTo("welcome");

        sessions.signOut(leaving, true);
        // B re-checks only hourly: its socket closes because of the announcement
        assertThat(onB.closed.get(3, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4003);
        assertThat(onA.closed.get(3, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4003);
        assertThat(refusal(url(a, ""), leaving, ORIGIN)).isEqualTo(401);
        assertThat(refusal(url(b, ""), leaving, ORIGIN)).isEqualTo(401);
        Thread.sleep(1500); // past a recheck: the other session's connection is left alone
        assertThat(otherDevice.closed).isNotDone();
    }

    @Test
    void aSessionThatEndsWithoutAnnouncementIsClosedByTheRecheck() throws Exception {
        String cookie = sessions.signedIn(UUID.randomUUID());
        WsClient client = track(WsClient.connect(url(a, ""), cookie, ORIGIN));
        assertThat(client.first().get("type").asString()).isEqualTo("welcome");
        sessions.signOut(cookie, false);
        assertThat(client.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4003);
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedWhileTheOthersKeepReceiving() throws Exception {
        WsClient reader = connect(a, UUID.randomUUID());
        reader.first();
        MeterRegistry meters = a.getBean(MeterRegistry.class);
        double dropsBefore = slowDrops(meters);
        double sessionsBefore = meters.get("slotstream.push.sessions").gauge().value();
        try (Socket stalled = stalledClient(a, sessions.signedIn(UUID.randomUUID()))) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> meters.get("slotstream.push.sessions").gauge().value() == sessionsBefore + 1);

            UUID slot = UUID.randomUUID();
            int frames = 400;
            for (int i = 0; i < frames; i++) {
                send(availability(slot, 1000, i));
            }
            reader.awaitCount(aboutSlots(List.of(slot)), frames);

            await().atMost(Duration.ofSeconds(30)).until(() -> slowDrops(meters) > dropsBefore);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> meters.get("slotstream.push.sessions").gauge().value() == sessionsBefore);
            assertThat(reader.seqs(aboutSlots(List.of(slot)))).hasSize(frames).doesNotHaveDuplicates().isSorted();
            assertThat(reader.closed).isNotDone();
        }
    }

    @Test
    void anOversizedOrMalformedClientFrameClosesThatConnectionAlone() throws Exception {
        WsClient oversized = connect(a, UUID.randomUUID());
        WsClient malformed = connect(a, UUID.randomUUID());
        WsClient unknown = connect(a, UUID.randomUUID());
        WsClient polite = connect(a, UUID.randomUUID());
        for (WsClient client : List.of(oversized, malformed, unknown, polite)) {
            client.first();
        }

        oversized.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(8 * 1024) + "\"}");
        malformed.send("{not json");
        unknown.send("{\"type\":\"subscribe\",\"topic\":\"everything\"}");
        polite.send("{\"type\":\"ping\"}");

        assertThat(oversized.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1009);
        assertThat(malformed.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(unknown.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
        polite.awaitCount(type("pong"), 1);
        UUID slot = UUID.randomUUID();
        send(opened(slot));
        polite.awaitCount(aboutSlots(List.of(slot)), 1);
        assertThat(polite.closed).isNotDone();
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        WsClient client = connect(b, UUID.randomUUID());
        String key = "unreadable-" + RUN;
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>(TOPICS.bookingEvents().name(), key, "{\"type\":\"Nonsense\"")).get();
        }
        UUID slot = UUID.randomUUID();
        send(opened(slot));
        client.awaitCount(aboutSlots(List.of(slot)), 1);

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + RUN,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPICS.bookingEvents().name() + ".DLT"));
            List<ConsumerRecord<String, byte[]>> parked = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        parked.add(r);
                    }
                });
                return !parked.isEmpty();
            });
            assertThat(new String(parked.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"Nonsense\"");
            assertThat(new String(parked.get(0).headers().lastHeader("slotstream_dlt_reason").value(),
                    StandardCharsets.UTF_8)).contains("cannot read BookingEvent");
        }
    }

    @Test
    void anUnreadableAvailabilityRecordGoesToItsDeadLetterTopicAndTheNextOneOnThePartitionIsDelivered() throws Exception {
        WsClient client = connect(a, UUID.randomUUID());
        UUID slot = UUID.randomUUID();
        // same key as the good record after it: same partition, so the good one is only delivered if the consumer
        // moved past the poison
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>(TOPICS.slotAvailability().name(), slot.toString(), "{\"slotId\":42,\"booked\":\"many\"}")).get();
        }
        send(availability(slot, 3, 1));
        client.awaitCount(aboutSlots(List.of(slot)), 1);

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-availability-reader-" + RUN,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPICS.slotAvailability().name() + ".DLT"));
            List<ConsumerRecord<String, byte[]>> parked = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (slot.toString().equals(r.key())) {
                        parked.add(r);
                    }
                });
                return !parked.isEmpty();
            });
            assertThat(parked).hasSize(1);
            assertThat(new String(parked.get(0).headers().lastHeader("slotstream_dlt_reason").value(), StandardCharsets.UTF_8))
                    .contains("cannot read SlotAvailability");
            assertThat(parked.get(0).headers().lastHeader("kafka_dlt-original-topic")).isNotNull();
        }
        assertThat(client.closed).isNotDone();
    }

    @Test
    void redisStoppedAndStartedEmptyGivesEveryConnectedClientAResyncAndNoFrameTwice() throws Exception {
        io.slotstream.testsupport.EmbeddedServers embedded = io.slotstream.testsupport.ServerFaults.embeddedOrNull();
        org.junit.jupiter.api.Assumptions.assumeTrue(embedded != null,
                "needs the embedded Redis: a container cannot be stopped and started in place from here");
        // Redis coming back empty loses the sessions too: instance a re-checks sessions every second and closes its
        // client as signed out; instance b re-checks hourly, so its clients live on and show the resync
        WsClient onA = connect(a, UUID.randomUUID());
        WsClient onB = connect(b, UUID.randomUUID());
        WsClient alsoOnB = connect(b, UUID.randomUUID());
        String epoch = onB.first().get("data").get("epoch").asString();
        onA.first();
        alsoOnB.first();
        UUID slot = UUID.randomUUID();
        Predicate<JsonNode> ours = aboutSlots(List.of(slot));
        send(opened(slot));
        for (WsClient client : List.of(onA, onB, alsoOnB)) {
            client.awaitCount(ours, 1);
        }

        io.slotstream.testsupport.ServerFaults.stopRedis(embedded);
        try {
            // published while Redis is away: the consumer retries the append until Redis is back
            send(availability(slot, 5, 1));
            Thread.sleep(3000);
        } finally {
            io.slotstream.testsupport.ServerFaults.startRedis(embedded);
        }

        for (WsClient client : List.of(onB, alsoOnB)) {
            client.awaitCount(type("resync"), 1);
            client.awaitCount(f -> ours.test(f) && f.path("data").path("booked").asInt() == 1, 1);
            JsonNode resync = client.ofType("resync").get(0);
            assertThat(resync.get("data").get("epoch").asString()).isNotEqualTo(epoch);
        }
        send(availability(slot, 5, 2));
        for (WsClient client : List.of(onB, alsoOnB)) {
            client.awaitCount(f -> ours.test(f) && f.path("data").path("booked").asInt() == 2, 1);
            // within the new epoch every broadcast came once and in order
            List<Long> after = new ArrayList<>();
            boolean seen = false;
            for (JsonNode frame : client.frames) {
                seen |= frame.path("type").asString().equals("resync");
                if (seen && ours.test(frame)) {
                    after.add(frame.get("seq").asLong());
                }
            }
            assertThat(after).doesNotHaveDuplicates().isSorted();
            assertThat(client.matching(f -> ours.test(f) && f.path("data").path("booked").asInt() == 1)).hasSize(1);
            assertThat(client.closed).isNotDone();
        }
        assertThat(onA.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4003);
    }

    @Test
    void redisConnectionsCutWhileRedisKeepsItsDataAreReopenedAndClientsGoOnWithoutResyncGapOrDuplicate() throws Exception {
        // Redis keeps running with its data; only the services' connections are cut (CLIENT KILL), over and over
        // while events flow: the stream readers, the Kafka consumers' appends and the sign-out subscriptions
        // (TYPE pubsub) of both instances have to reconnect by themselves
        UUID slot = UUID.randomUUID();
        Predicate<JsonNode> ours = aboutSlots(List.of(slot));
        WsClient onA = connect(a, UUID.randomUUID());
        WsClient onB = connect(b, UUID.randomUUID());
        String leaving = sessions.signedIn(UUID.randomUUID());
        WsClient leavingOnB = track(WsClient.connect(url(b, ""), leaving, ORIGIN));
        UUID returning = UUID.randomUUID();
        WsClient away = connect(a, returning);
        String epoch = onB.first().get("data").get("epoch").asString();
        for (WsClient client : List.of(onA, leavingOnB, away)) {
            assertThat(client.first().get("type").asString()).isEqualTo("welcome");
        }
        send(opened(slot));
        for (WsClient client : List.of(onA, onB, leavingOnB, away)) {
            client.awaitCount(ours, 1);
        }
        long awaySeq = away.seqs(ours).get(0);
        away.close();

        // fewer than the history holds (HISTORY), so that the client that was away can resume rather than resync
        int events = 40;
        long killed = 0;
        Thread publisher = new Thread(() -> {
            try {
                for (int booked = 1; booked <= events; booked++) {
                    send(availability(slot, 1000, booked));
                    Thread.sleep(75);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        publisher.start();
        for (int round = 0; round < 4; round++) {
            Thread.sleep(400);
            killed += redisClientKill("normal");
            killed += redisClientKill("pubsub");
        }
        publisher.join(60_000);
        assertThat(killed).as("connections cut").isGreaterThanOrEqualTo(8);

        // the client that was away while the connections were cut resumes from where it stopped
        WsClient back = connect(b, returning, "lastSeq=" + awaySeq + "&epoch=" + epoch);
        assertThat(back.first().get("type").asString()).isEqualTo("welcome");
        assertThat(back.first().get("data").get("resumed").asBoolean()).isTrue();

        send(availability(slot, 1000, events + 1));
        for (WsClient client : List.of(onA, onB, leavingOnB)) {
            client.awaitCount(ours, events + 2);
        }
        back.awaitCount(ours, events + 1);
        Thread.sleep(300); // a duplicate would arrive right behind
        for (WsClient client : List.of(onA, onB, leavingOnB, back)) {
            assertThat(client.ofType("resync")).as("no resync: Redis kept the history").isEmpty();
            // every broadcast after the welcome, ours and any other, once and without a gap
            List<Long> seqs = client.seqs(f -> f.has("seq") && !f.path("type").asString().equals("welcome"));
            long first = client.first().get("seq").asLong() + 1;
            assertThat(seqs).as("seqs without gap or duplicate").isEqualTo(
                    java.util.stream.LongStream.range(first, first + seqs.size()).boxed().toList());
            List<Integer> booked = client.matching(ours.and(type("availability_changed"))).stream()
                    .map(f -> f.get("data").get("booked").asInt()).toList();
            assertThat(booked).as("each availability once, in order").isEqualTo(
                    java.util.stream.IntStream.rangeClosed(1, events + 1).boxed().toList());
        }
        // the sign-out subscription came back: b re-checks sessions only hourly, so only the announcement closes it
        sessions.signOut(leaving, true);
        assertThat(leavingOnB.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4003);
        // and a's one-second re-checks, which met cut connections, did not take Redis errors for signed-out sessions
        assertThat(onA.closed).isNotDone();
        assertThat(onB.closed).isNotDone();
    }

    @Test
    void healthShowsKafkaRedisAndTheRelayAndMetricsAreServed() throws Exception {
        HttpResponse<String> health = get(a, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = WsClient.JSON.readTree(health.body()).get("components");
        assertThat(components.get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("redis").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("relay").get("status").asString()).isEqualTo("UP");

        HttpResponse<String> prometheus = get(a, "/actuator/prometheus");
        assertThat(prometheus.body())
                .contains("slotstream_push_sessions")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static WsClient connect(ConfigurableApplicationContext instance, UUID user) throws Exception {
        return connect(instance, user, "");
    }

    static WsClient connect(ConfigurableApplicationContext instance, UUID user, String query) throws Exception {
        WsClient client = WsClient.connect(url(instance, query.isEmpty() ? "" : "?" + query), sessions.signedIn(user), ORIGIN);
        return track(client);
    }

    static WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }

    static String url(ConfigurableApplicationContext instance, String query) {
        return "ws://127.0.0.1:" + port(instance) + "/ws" + query;
    }

    static int port(ConfigurableApplicationContext instance) {
        return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    }

    static int refusal(String url, String cookie, String origin) throws Exception {
        try {
            track(WsClient.connect(url, cookie, origin));
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
        throw new AssertionError("handshake was accepted");
    }

    static HttpResponse<String> get(ConfigurableApplicationContext instance, String path) throws Exception {
        return WsClient.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code CLIENT KILL TYPE <type>} over a connection of its own (which Redis spares: SKIPME is the default);
     * returns how many connections Redis cut.
     */
    static long redisClientKill(String type) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(servers.redisHost(), servers.redisPort()), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("CLIENT KILL TYPE " + type + "\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                reply.append((char) c);
            }
            assertThat(reply.toString()).as("CLIENT KILL answer").startsWith(":");
            return Long.parseLong(reply.toString().substring(1).strip());
        }
    }

    static double slowDrops(MeterRegistry meters) {
        var counter = meters.find("slotstream.push.drops").tag("reason", "slow").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Opens a WebSocket by hand with a tiny receive buffer, reads the 101 answer, and never reads again. */
    static Socket stalledClient(ConfigurableApplicationContext instance, String cookie) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port(instance)), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + "Origin: " + ORIGIN + "\r\nCookie: SESSION=" + cookie + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }

    static void awaitPartitionsSplitBetweenTheInstances() throws Exception {
        int partitions;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.kafkaBootstrapServers()))) {
            partitions = admin.describeTopics(List.of(TOPICS.bookingEvents().name(), TOPICS.slotAvailability().name()))
                    .allTopicNames().get().values().stream().mapToInt(d -> d.partitions().size()).sum();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Set<String> assigned = new HashSet<>();
            int total = 0;
            for (ConfigurableApplicationContext instance : List.of(a, b)) {
                JsonNode kafka = WsClient.JSON.readTree(get(instance, "/actuator/health").body()).path("components").path("kafka");
                if (!"UP".equals(kafka.path("status").asString())) {
                    return false;
                }
                for (JsonNode p : kafka.path("details").path("assignedPartitions")) {
                    assigned.add(p.asString());
                    total++;
                }
            }
            return assigned.size() == partitions && total == partitions;
        });
    }

    static Predicate<JsonNode> aboutSlots(List<UUID> slots) {
        Set<String> ids = new HashSet<>();
        slots.forEach(s -> ids.add(s.toString()));
        return f -> f.has("seq") && ids.contains(f.path("data").path("slotId").asString());
    }

    static Predicate<JsonNode> type(String type) {
        return f -> type.equals(f.path("type").asString());
    }

    static SlotOpened opened(UUID slot) {
        return new SlotOpened(UUID.randomUUID(), Instant.now(), slot, 1, STARTS_AT, STARTS_AT.plusSeconds(3600), 5);
    }

    static SlotAvailability availability(UUID slot, int capacity, int booked) {
        return new SlotAvailability(UUID.randomUUID(), Instant.now(), slot, 1, STARTS_AT, capacity, booked, capacity - booked, true);
    }

    static void send(BookingEvent event) throws Exception {
        events.send(new ProducerRecord<>(TOPICS.bookingEvents().name(), event.slotId().toString(), event)).get();
    }

    static void send(SlotAvailability event) throws Exception {
        availability.send(new ProducerRecord<>(TOPICS.slotAvailability().name(), event.slotId().toString(), event)).get();
    }
}
