package io.slotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.bench.Correctness.Fact;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrectnessTests {

    /** b1, b2 ask for slot s1; b3 for s2 (capacity 1). */
    static final Map<String, String> ACCEPTED = Map.of("b1", "s1", "b2", "s1", "b3", "s2");
    static final Map<String, String> FRAMES = Map.of("b1", "CONFIRMED", "b2", "REJECTED", "b3", "CONFIRMED");

    static Map<String, Fact> facts(String b1, String b2, String b3) {
        Map<String, Fact> facts = new HashMap<>();
        if (b1 != null) {
            facts.put("b1", new Fact("s1", b1));
        }
        if (b2 != null) {
            facts.put("b2", new Fact("s1", b2));
        }
        if (b3 != null) {
            facts.put("b3", new Fact("s2", b3));
        }
        return facts;
    }

    @Test
    void aCleanRunPasses() {
        Map<String, Fact> decided = facts("CONFIRMED", "REJECTED", "CONFIRMED");
        Correctness c = Correctness.check(ACCEPTED, decided, 0, decided, FRAMES, 1, 2);
        assertThat(c.ok()).isTrue();
        assertThat(c.confirmedOnTopic()).isEqualTo(2);
        assertThat(c.pendingInDb()).isZero();
        assertThat(c.privateFramesMissing()).isZero();
    }

    @Test
    void twoConfirmationsForOnePlaceFail() {
        Map<String, Fact> decided = facts("CONFIRMED", "CONFIRMED", "CONFIRMED");
        Correctness c = Correctness.check(ACCEPTED, decided, 0, decided, FRAMES, 1, 2);
        assertThat(c.overCapacityOnTopic()).isEqualTo(1);
        assertThat(c.overCapacityInDb()).isEqualTo(1);
        assertThat(c.privateFramesWrong()).isEqualTo(1);
        assertThat(c.ok()).isFalse();
    }

    @Test
    void aLostOrPendingRequestFails() {
        Map<String, Fact> topic = facts("CONFIRMED", null, "CONFIRMED");
        Map<String, Fact> db = facts("CONFIRMED", "PENDING", "CONFIRMED");
        Correctness c = Correctness.check(ACCEPTED, topic, 0, db, Map.of("b1", "CONFIRMED", "b3", "CONFIRMED"), 1, 2);
        assertThat(c.lostOnTopic()).isEqualTo(1);
        assertThat(c.pendingInDb()).isEqualTo(1);
        assertThat(c.privateFramesMissing()).isEqualTo(1);
        assertThat(c.ok()).isFalse();
    }

    @Test
    void theDatabaseDisagreeingWithTheTopicFails() {
        Map<String, Fact> topic = facts("CONFIRMED", "REJECTED", "CONFIRMED");
        Map<String, Fact> db = facts("CONFIRMED", "REJECTED", "REJECTED");
        Correctness c = Correctness.check(ACCEPTED, topic, 0, db, FRAMES, 1, 2);
        assertThat(c.dbDisagrees()).isEqualTo(1);
        assertThat(c.confirmedInDb()).isEqualTo(1);
        assertThat(c.ok()).isFalse();
    }

    @Test
    void aDuplicateDecisionOrTooFewConfirmationsFail() {
        Map<String, Fact> decided = facts("CONFIRMED", "REJECTED", "CONFIRMED");
        assertThat(Correctness.check(ACCEPTED, decided, 1, decided, FRAMES, 1, 2).ok()).isFalse();
        Map<String, Fact> oneShort = facts("REJECTED", "REJECTED", "CONFIRMED");
        assertThat(Correctness.check(ACCEPTED, oneShort, 0, oneShort, Map.of(), 1, 2).ok()).isFalse();
    }

    @Test
    void aBookingWhosePostAnsweredAnErrorStillCountsForThePlaces() {
        // b2's POST failed after its row was written: it is not accepted, but its confirmation takes s1's place
        Map<String, String> accepted = Map.of("b1", "s1", "b3", "s2");
        Map<String, Fact> decided = facts("REJECTED", "CONFIRMED", "CONFIRMED");
        Correctness c = Correctness.check(accepted, decided, 0, decided, Map.of("b1", "REJECTED", "b3", "CONFIRMED"), 1, 2);
        assertThat(c.confirmedOnTopic()).isEqualTo(2);
        assertThat(c.ok()).isTrue();
    }

    @Test
    void withoutTheDatabaseTheTopicAloneDecides() {
        Map<String, Fact> decided = facts("CONFIRMED", "REJECTED", "CONFIRMED");
        Correctness c = Correctness.check(ACCEPTED, decided, 0, null, FRAMES, 1, 2);
        assertThat(c.pendingInDb()).isNull();
        assertThat(c.ok()).isTrue();
    }
}
