package io.slotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrectnessTests {

    /** b1, b2 ask for slot s1; b3 for s2 (capacity 1). */
    static final Map<String, String> ACCEPTED = Map.of("b1", "s1", "b2", "s1", "b3", "s2");

    @Test
    void aCleanRunPasses() {
        Map<String, String> decided = Map.of("b1", "CONFIRMED", "b2", "REJECTED", "b3", "CONFIRMED");
        Correctness c = Correctness.check(ACCEPTED, decided, 0, decided, decided, 1, 2);
        assertThat(c.ok()).isTrue();
        assertThat(c.confirmedOnTopic()).isEqualTo(2);
        assertThat(c.pendingInDb()).isZero();
        assertThat(c.privateFramesMissing()).isZero();
    }

    @Test
    void twoConfirmationsForOnePlaceFail() {
        Map<String, String> decided = Map.of("b1", "CONFIRMED", "b2", "CONFIRMED", "b3", "CONFIRMED");
        Correctness c = Correctness.check(ACCEPTED, decided, 0, decided, decided, 1, 2);
        assertThat(c.overCapacityOnTopic()).isEqualTo(1);
        assertThat(c.overCapacityInDb()).isEqualTo(1);
        assertThat(c.ok()).isFalse();
    }

    @Test
    void aLostOrPendingRequestFails() {
        Map<String, String> topic = Map.of("b1", "CONFIRMED", "b3", "CONFIRMED");
        Map<String, String> db = Map.of("b1", "CONFIRMED", "b2", "PENDING", "b3", "CONFIRMED");
        Correctness c = Correctness.check(ACCEPTED, topic, 0, db, topic, 1, 2);
        assertThat(c.lostOnTopic()).isEqualTo(1);
        assertThat(c.pendingInDb()).isEqualTo(1);
        assertThat(c.privateFramesMissing()).isEqualTo(1);
        assertThat(c.ok()).isFalse();
    }

    @Test
    void theDatabaseDisagreeingWithTheTopicFails() {
        Map<String, String> topic = Map.of("b1", "CONFIRMED", "b2", "REJECTED", "b3", "CONFIRMED");
        Map<String, String> db = new HashMap<>(topic);
        db.put("b3", "REJECTED");
        Correctness c = Correctness.check(ACCEPTED, topic, 0, db, topic, 1, 2);
        assertThat(c.dbDisagrees()).isEqualTo(1);
        assertThat(c.confirmedInDb()).isEqualTo(1);
        assertThat(c.ok()).isFalse();
    }

    @Test
    void aDuplicateDecisionOrTooFewConfirmationsFail() {
        Map<String, String> decided = Map.of("b1", "CONFIRMED", "b2", "REJECTED", "b3", "CONFIRMED");
        assertThat(Correctness.check(ACCEPTED, decided, 1, decided, decided, 1, 2).ok()).isFalse();
        Map<String, String> oneShort = Map.of("b1", "REJECTED", "b2", "REJECTED", "b3", "CONFIRMED");
        assertThat(Correctness.check(ACCEPTED, oneShort, 0, oneShort, oneShort, 1, 2).ok()).isFalse();
    }

    @Test
    void withoutTheDatabaseTheTopicAloneDecides() {
        Map<String, String> decided = Map.of("b1", "CONFIRMED", "b2", "REJECTED", "b3", "CONFIRMED");
        Correctness c = Correctness.check(ACCEPTED, decided, 0, null, decided, 1, 2);
        assertThat(c.pendingInDb()).isNull();
        assertThat(c.ok()).isTrue();
    }
}
