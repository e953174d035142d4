package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import io.slotstream.testsupport.EmbeddedServers;
import io.slotstream.testsupport.ServerFaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One stack broken in the middle of a booking race in four ways, a race each: the Kafka broker stopped and started
 * again in place, PostgreSQL crashed and started again, the stream processor killed with SIGKILL and started again
 * without its state, and one of two processor instances killed. Nothing else is restarted: the services recover by
 * themselves. Each time every accepted request is decided exactly once (read committed), no slot gets more
 * confirmations than places, and the database agrees with {@code booking-events}. The race's clients retry a 5xx
 * under the same key, as the browser app does. One stack for all four, because starting one costs a minute.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MidRaceFaultIntegrationTests {

    static final int CAPACITY = 2;
    static RunningStack stack;
    /** Processors started by the tests, the newest last. */
    static final List<ServiceProcess> extra = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = RunningStack.start("mid-race", RunningStack.ORIGIN, Map.of(
                // production commits synchronously; the tests' server does not by default (a crash could then take
                // back commits the API had already answered 202 for), so booking-api's sessions ask for it here
                "spring.datasource.hikari.data-source-properties.options",
                "-c synchronous_commit=on -c idle_in_transaction_session_timeout=60s",
                // booking-api's producer gives up on a send after 4 s instead of 30 s, so that the broker's 6 s
                // outage outlasts it: the outbox batches that fail must be kept and sent again, not lost
                "spring.kafka.producer.properties.delivery.timeout.ms", "4000",
                "spring.kafka.producer.properties.request.timeout.ms", "1500"));
    }

    @AfterAll
    static void stop() {
        extra.forEach(ServiceProcess::close);
        stack.close();
    }

    /**
     * The Kafka broker stopped and started again on the same port and log directory: the outbox relay, the stream
     * processor and both consumers recover by themselves.
     */
    @Test
    @Order(1)
    void theBrokerStoppedAndRestartedMidRaceLosesAndDoublesNothing() throws Exception {
        EmbeddedServers embedded = ServerFaults.embeddedOrNull();
        assumeTrue(embedded != null, "needs the embedded broker: a container cannot be stopped and started in place from here");
        List<UUID> slots = BookingRaceIntegrationTests.createSlots(stack.admin(), 10, CAPACITY);
        List<ApiClient> users = RaceChecks.users(stack, "kafka-outage", 30);
        Future<List<String>> race = RaceChecks.race(stack, users, slots);

        RaceChecks.awaitDecided(stack, slots, 10);
        ServerFaults.stopKafkaBroker(embedded);
        long decidedAtStop = RaceChecks.decided(stack, slots);
        try {
            // requests are still accepted meanwhile: they wait in the outbox, and the relay's sends fail
            Thread.sleep(6000);
        } finally {
            ServerFaults.startKafkaBroker(embedded);
        }

        List<String> accepted = race.get(5, TimeUnit.MINUTES);
        assertThat(decidedAtStop).as("the broker went away in the middle of the race").isLessThan(accepted.size());
        RaceChecks.assertEveryRequestDecidedOnceAndNoSlotOverbooked(stack, slots, CAPACITY, accepted);
        assertThat(stack.processor.isAlive()).as("the processor recovered without a restart").isTrue();
        assertThat(Files.readString(stack.api.logFile()))
                .as("the outage outlasted the producer's delivery timeout: outbox batches failed and were kept")
                .contains("Outbox batch failed, nothing was deleted");
    }

    /**
     * PostgreSQL crashed ({@code pg_ctl stop -m immediate}) and started again on the same data directory: booking-api
     * answers 503 problem+json meanwhile and writes nothing; the decisions that reach booking-api meanwhile wait
     * for the database rather than being dead-lettered.
     */
    @Test
    @Order(2)
    void theDatabaseCrashedMidRaceCosts503sAndLosesAndDoublesNothing() throws Exception {
        EmbeddedServers embedded = ServerFaults.embeddedOrNull();
        assumeTrue(embedded != null, "needs the embedded PostgreSQL: a container cannot be crashed and started in place from here");
        List<UUID> slots = BookingRaceIntegrationTests.createSlots(stack.admin(), 10, CAPACITY);
        List<ApiClient> users = RaceChecks.users(stack, "pg-outage", 30);
        ApiClient latecomer = RaceChecks.users(stack, "pg-latecomer", 1).get(0);
        Future<List<String>> race = RaceChecks.race(stack, users, slots);

        RaceChecks.awaitDecided(stack, slots, 10);
        // the processor is held for a moment, so that commands pile up and their decisions reach booking-api while
        // the database is away (otherwise the processor is quicker than the crash and nothing arrives meanwhile)
        signal(stack.processor, "STOP");
        Thread.sleep(2000);
        long decidedBeforeCrash = RaceChecks.decided(stack, slots);
        ServerFaults.PostgresCrash crash = ServerFaults.crashPostgres(embedded);
        signal(stack.processor, "CONT");
        Answer refused;
        try {
            refused = latecomer.post("/api/bookings", Map.of("slotId", slots.get(0).toString()),
                    Map.of("Idempotency-Key", "during-the-outage"));
            // longer than booking-api's decision consumer would keep retrying a record without its back-off for
            // the database (3 tries of up to 3 s each, the pool's connection timeout), so that the back-off counts
            Thread.sleep(15000);
        } finally {
            crash.restart();
        }
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        List<String> accepted = race.get(5, TimeUnit.MINUTES);
        assertThat(decidedBeforeCrash).as("the crash came in the middle of the race").isLessThan(accepted.size());
        // the refused request is not among the bookings: the check below finds every booking among the accepted
        RaceChecks.assertEveryRequestDecidedOnceAndNoSlotOverbooked(stack, slots, CAPACITY, accepted);
        assertThat(stack.api.isAlive()).as("booking-api recovered without a restart").isTrue();
    }

    /**
     * The stream processor killed with SIGKILL, its state directory deleted, and a new one started: the state is
     * rebuilt from the changelog.
     */
    @Test
    @Order(3)
    void killedMidRaceAndRestartedWithItsStateDeletedEveryRequestIsDecidedOnce() throws Exception {
        List<UUID> slots = BookingRaceIntegrationTests.createSlots(stack.admin(), 10, CAPACITY);
        List<ApiClient> users = RaceChecks.users(stack, "crash", 30);
        Future<List<String>> race = RaceChecks.race(stack, users, slots);

        RaceChecks.awaitDecided(stack, slots, 10);
        stack.processor.kill();
        long decidedAtKill = RaceChecks.decided(stack, slots);
        deleteRecursively(stack.stack.stateDirectory().resolve("stream-processor"));
        // requests keep arriving while no processor runs; they wait in booking-commands
        extra.add(stack.stack.startStreamProcessor("stream-processor"));

        List<String> accepted = race.get(5, TimeUnit.MINUTES);
        assertThat(decidedAtKill).as("the kill came in the middle of the race").isLessThan(accepted.size());
        RaceChecks.assertEveryRequestDecidedOnceAndNoSlotOverbooked(stack, slots, CAPACITY, accepted);
    }

    /** One of two stream-processor instances sharing {@code booking-commands} killed: its partitions move over. */
    @Test
    @Order(4)
    void twoInstancesShareTheCommandsAndOneIsKilledMidRace() throws Exception {
        ServiceProcess first = extra.isEmpty() ? stack.processor : extra.get(extra.size() - 1);
        ServiceProcess second = stack.stack.startStreamProcessor("stream-processor-b");
        extra.add(second);
        List<UUID> slots = BookingRaceIntegrationTests.createSlots(stack.admin(), 10, CAPACITY);
        List<ApiClient> users = RaceChecks.users(stack, "pair", 30);
        Future<List<String>> race = RaceChecks.race(stack, users, slots);

        RaceChecks.awaitDecided(stack, slots, 10);
        first.kill();
        long decidedAtKill = RaceChecks.decided(stack, slots);

        List<String> accepted = race.get(5, TimeUnit.MINUTES);
        assertThat(decidedAtKill).as("the kill came in the middle of the race").isLessThan(accepted.size());
        RaceChecks.assertEveryRequestDecidedOnceAndNoSlotOverbooked(stack, slots, CAPACITY, accepted);
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to a service's process. */
    static void signal(ServiceProcess service, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(service.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, service.pid()).isZero();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
