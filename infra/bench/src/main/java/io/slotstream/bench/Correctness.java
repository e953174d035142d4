package io.slotstream.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The check after the drain. Every accepted request must have exactly one decision on {@code booking-events}, the
 * database must hold the same status for it (nothing pending), no slot may have more confirmations than places, and
 * with every slot contested the confirmations must be exactly {@code expectedConfirmed}. The private WebSocket frames
 * are checked too, but a missing frame is a delivery figure, not a correctness failure: the truth is the database.
 *
 * @param topicDuplicates bookings with more than one decision on the topic
 * @param dbDisagrees accepted bookings whose database status differs from the topic's decision
 */
public record Correctness(
        long accepted,
        long decidedOnTopic,
        long lostOnTopic,
        long topicDuplicates,
        long confirmedOnTopic,
        long overCapacityOnTopic,
        long expectedConfirmed,
        @Nullable Long pendingInDb,
        @Nullable Long lostInDb,
        @Nullable Long confirmedInDb,
        @Nullable Long overCapacityInDb,
        @Nullable Long dbDisagrees,
        long privateFramesMissing,
        long privateFramesWrong) {

    /** Whether every rule held (the database rules only when the database was readable). */
    public boolean ok() {
        boolean topic = lostOnTopic == 0 && topicDuplicates == 0 && overCapacityOnTopic == 0 && confirmedOnTopic == expectedConfirmed;
        boolean db = pendingInDb == null || (pendingInDb == 0 && lostInDb == 0 && overCapacityInDb == 0 && dbDisagrees == 0
                && confirmedInDb == expectedConfirmed);
        return topic && db && privateFramesWrong == 0;
    }

    /** A booking's slot and status, as the topic or the database has it. */
    public record Fact(String slotId, String status) {}

    /**
     * @param accepted bookingId → slotId of every request answered 202
     * @param topic every decision on booking-events for the run's slots, by bookingId: those of accepted requests
     *     and of requests whose answer was an error although the booking was written
     * @param db every booking in the database for the run's slots; null when the database cannot be read
     * @param frames bookingId → status of the owner's private frame
     */
    public static Correctness check(Map<String, String> accepted, Map<String, Fact> topic, long topicDuplicates,
            @Nullable Map<String, Fact> db, Map<String, String> frames, int capacity, long expectedConfirmed) {
        long decided = accepted.keySet().stream().filter(topic::containsKey).count();
        long lost = accepted.size() - decided;
        long confirmed = topic.values().stream().filter(f -> f.status().equals("CONFIRMED")).count();
        long over = overCapacity(topic, capacity);
        Long pending = null;
        Long lostInDb = null;
        Long confirmedInDb = null;
        Long overInDb = null;
        Long disagrees = null;
        if (db != null) {
            pending = db.values().stream().filter(f -> f.status().equals("PENDING")).count();
            lostInDb = accepted.keySet().stream().filter(id -> !db.containsKey(id)).count();
            confirmedInDb = db.values().stream().filter(f -> f.status().equals("CONFIRMED")).count();
            overInDb = overCapacity(db, capacity);
            disagrees = topic.entrySet().stream()
                    .filter(e -> db.get(e.getKey()) == null || !db.get(e.getKey()).status().equals(e.getValue().status()))
                    .count();
        }
        long missing = 0;
        long wrong = 0;
        for (String bookingId : accepted.keySet()) {
            String frame = frames.get(bookingId);
            if (frame == null) {
                missing++;
            } else if (topic.containsKey(bookingId) && !frame.equals(topic.get(bookingId).status())) {
                wrong++;
            }
        }
        return new Correctness(accepted.size(), decided, lost, topicDuplicates, confirmed, over, expectedConfirmed,
                pending, lostInDb, confirmedInDb, overInDb, disagrees, missing, wrong);
    }

    private static long overCapacity(Map<String, Fact> facts, int capacity) {
        Map<String, Integer> perSlot = new HashMap<>();
        facts.values().stream().filter(f -> f.status().equals("CONFIRMED")).forEach(f -> perSlot.merge(f.slotId(), 1, Integer::sum));
        return perSlot.values().stream().filter(n -> n > capacity).count();
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", ok());
        m.put("accepted", accepted);
        m.put("decided_on_topic", decidedOnTopic);
        m.put("lost_on_topic", lostOnTopic);
        m.put("duplicate_decisions_on_topic", topicDuplicates);
        m.put("confirmed_on_topic", confirmedOnTopic);
        m.put("expected_confirmed", expectedConfirmed);
        m.put("slots_over_capacity_on_topic", overCapacityOnTopic);
        m.put("pending_in_db", pendingInDb);
        m.put("lost_in_db", lostInDb);
        m.put("confirmed_in_db", confirmedInDb);
        m.put("slots_over_capacity_in_db", overCapacityInDb);
        m.put("db_topic_disagreements", dbDisagrees);
        m.put("private_frames_missing", privateFramesMissing);
        m.put("private_frames_wrong", privateFramesWrong);
        return m;
    }
}
