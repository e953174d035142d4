package io.slotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttemptPlanTests {

    @Test
    void theSaleStartContestsEverySlotAndNobodyAsksTwiceForOne() {
        AttemptPlan plan = AttemptPlan.of(10_000, 2_000, 1_000, 42);
        assertThat(plan.size()).isEqualTo(10_000);
        Set<Long> userAndSlot = new HashSet<>();
        for (AttemptPlan.Attempt a : plan.attempts()) {
            assertThat(userAndSlot.add((long) a.user() * 1_000_000 + a.slot())).as("user %d asks twice for slot %d", a.user(), a.slot()).isTrue();
        }
        assertThat(plan.attemptsPerSlot()).containsOnly(10);
        assertThat(plan.expectedConfirmations(1)).isEqualTo(1_000);
        assertThat(plan.expectedConfirmations(20)).isEqualTo(10_000);
    }

    @Test
    void theOrderIsShuffledButReproducible() {
        AttemptPlan a = AttemptPlan.of(1_000, 100, 50, 7);
        AttemptPlan b = AttemptPlan.of(1_000, 100, 50, 7);
        AttemptPlan c = AttemptPlan.of(1_000, 100, 50, 8);
        assertThat(a.attempts()).isEqualTo(b.attempts());
        assertThat(a.attempts()).isNotEqualTo(c.attempts());
        java.util.List<Integer> firstUsers = a.attempts().subList(0, 20).stream().map(AttemptPlan.Attempt::user).toList();
        assertThat(firstUsers).isNotEqualTo(firstUsers.stream().sorted().toList());
    }

    @Test
    void fewerAttemptsThanSlotsLeaveSomeSlotsUntouched() {
        // users 0..9 ask for slots u, u+1, u+2: slots 0..11 are asked for, the other 38 never
        AttemptPlan plan = AttemptPlan.of(30, 10, 50, 1);
        assertThat(plan.expectedConfirmations(1)).isEqualTo(12);
        assertThat(plan.expectedConfirmations(3)).isEqualTo(30);
    }
}
