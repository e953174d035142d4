package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.EmbeddedServers;
import io.slotstream.testsupport.ServerFaults;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker stopped for a few seconds in the middle of a booking race and started again in place (same port,
 * same log directory). Nobody is restarted: the outbox relay, the stream processor and both consumers must recover by
 * themselves, every accepted request is decided exactly once, and no slot is confirmed beyond its places.
 */
class KafkaOutageFaultIntegrationTests {

    static final int CAPACITY = 2;
    static RunningStack stack;

    @BeforeAll
    static void start() {
        stack = RunningStack.start("kafka-outage");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theBrokerStoppedAndRestartedMidRaceLosesAndDoublesNothing() throws Exception {
        EmbeddedServers embedded = ServerFaults.embeddedOrNull();
        assumeTrue(embedded != null, "needs the embedded broker: a container cannot be stopped and started in place from here");
        List<UUID> slots = BookingRaceIntegrationTests.createSlots(stack.admin(), 10, CAPACITY);
        List<ApiClient> users = RaceChecks.users(stack, "outage", 30);
        Future<List<String>> race = RaceChecks.race(stack, users, slots);

        RaceChecks.awaitDecided(stack, slots, 10);
        ServerFaults.stopKafkaBroker(embedded);
        long decidedAtStop = RaceChecks.decided(stack, slots);
        try {
            // requests are still accepted meanwhile: they wait in the outbox
            Thread.sleep(6000);
        } finally {
            ServerFaults.startKafkaBroker(embedded);
        }

        List<String> accepted = race.get(5, TimeUnit.MINUTES);
        assertThat(decidedAtStop).as("the broker went away in the middle of the race").isLessThan(accepted.size());
        RaceChecks.assertEveryRequestDecidedOnceAndNoSlotOverbooked(stack, slots, CAPACITY, accepted);
        assertThat(stack.processor.isAlive()).as("the processor recovered without a restart").isTrue();
    }
}
