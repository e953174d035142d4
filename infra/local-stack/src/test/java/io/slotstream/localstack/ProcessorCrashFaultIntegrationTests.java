package io.slotstream.localstack;

import io.slotstream.testsupport.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The stream processor killed with SIGKILL in the middle of a booking race: restarted on its state, restarted with
 * its state directory deleted (state rebuilt from the changelog), and one of two instances sharing
 * {@code booking-commands} killed (its partitions move to the other). Each time every accepted request is decided
 * exactly once (read committed), no slot gets more confirmations than places, and the database agrees.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessorCrashFaultIntegrationTests {

    static final int CAPACITY = 2;
    static RunningStack stack;
    static final List<ServiceProcess> extra = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = RunningStack.start("crash");
    }

    @AfterAll
    static void stop() {
        extra.forEach(ServiceProcess::close);
        stack.close();
    }

    @Test
    @Order(1)
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

    @Test
    @Order(2)
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

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
