package io.slotstream.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Who asks for which slot, in which order. User {@code u}'s {@code k}-th attempt goes to slot {@code (u + k) % slots}:
 * a person never asks twice for one slot (booking-api would answer 409 at once, which is not a race), and the
 * attempts spread evenly, so with at least one attempt per slot every slot is contested and the expected number of
 * confirmations is exactly {@code slots * capacity} when there are enough attempts. The order is shuffled with a seed,
 * as a sale start is not polite.
 */
public final class AttemptPlan {

    /** One booking attempt. */
    public record Attempt(int index, int user, int slot) {}

    private final List<Attempt> attempts;
    private final int slots;

    private AttemptPlan(List<Attempt> attempts, int slots) {
        this.attempts = attempts;
        this.slots = slots;
    }

    public static AttemptPlan of(int attempts, int users, int slots, long seed) {
        List<int[]> pairs = new ArrayList<>(attempts);
        for (int i = 0; i < attempts; i++) {
            int user = i % users;
            int round = i / users;
            pairs.add(new int[] {user, (user + round) % slots});
        }
        Collections.shuffle(pairs, new Random(seed));
        List<Attempt> ordered = new ArrayList<>(attempts);
        for (int i = 0; i < pairs.size(); i++) {
            ordered.add(new Attempt(i, pairs.get(i)[0], pairs.get(i)[1]));
        }
        return new AttemptPlan(List.copyOf(ordered), slots);
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    public int size() {
        return attempts.size();
    }

    /** Attempts per slot, to know how many confirmations to expect. */
    public int[] attemptsPerSlot() {
        int[] counts = new int[slots];
        attempts.forEach(a -> counts[a.slot()]++);
        return counts;
    }

    /** The confirmations a correct system gives: per slot the smaller of its capacity and its attempts. */
    public long expectedConfirmations(int capacity) {
        long expected = 0;
        for (int n : attemptsPerSlot()) {
            expected += Math.min(n, capacity);
        }
        return expected;
    }
}
