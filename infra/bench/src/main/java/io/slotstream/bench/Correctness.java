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

    /**
     * @param accepted bookingId → slotId of every accepted request
     * @param topic bookingId → decided status on booking-events
     * @param db bookingId → status in the database; null when the database cannot be read
     * @param frames bookingId → status of the owner's private frame
     */
    public static Correctness check(Map<String, String> accepted, Map<String, String> topic, long topicDuplicates,
            @Nullable Map<String, String> db, Map<String, String> frames, int capacity, long expectedConfirmed) {
        long decided = 0;
        long lost = 0;
        Map<String, Integer> confirmedPerSlot = new HashMap<>();
        for (Map.Entry<String, String> request : accepted.entrySet()) {
            String status = topic.get(request.getKey());
            if (status == null) {
                lost++;
            } else {
                decided++;
                if (status.equals("CONFIRMED")) {
                    confirmedPerSlot.merge(request.getValue(), 1, Integer::sum);
                }
            }
        }
        long confirmed = confirmedPerSlot.values().stream().mapToLong(Integer::longValue).sum();
        long over = confirmedPerSlot.values().stream().filter(n -> n > capacity).count();
        Long pending = null;
        Long lostInDb = null;
        Long confirmedInDb = null;
        Long overInDb = null;
        Long disagrees = null;
        if (db != null) {
            long p = 0;
            long l = 0;
            long d = 0;
            Map<String, Integer> dbPerSlot = new HashMap<>();
            for (Map.Entry<String, String> request : accepted.entrySet()) {
                String status = db.get(request.getKey());
                if (status == null) {
                    l++;
                    continue;
                }
                if (status.equals("PENDING")) {
                    p++;
                }
                if (status.equals("CONFIRMED")) {
                    dbPerSlot.merge(request.getValue(), 1, Integer::sum);
                }
                String decidedStatus = topic.get(request.getKey());
                if (decidedStatus != null && !decidedStatus.equals(status)) {
                    d++;
                }
            }
            pending = p;
            lostInDb = l;
            disagrees = d;
            confirmedInDb = dbPerSlot.values().stream().mapToLong(Integer::longValue).sum();
            overInDb = dbPerSlot.values().stream().filter(n -> n > capacity).count();
        }
        long missing = 0;
        long wrong = 0;
        for (String bookingId : accepted.keySet()) {
            String frame = frames.get(bookingId);
            if (frame == null) {
                missing++;
            } else if (topic.containsKey(bookingId) && !frame.equals(topic.get(bookingId))) {
                wrong++;
            }
        }
        return new Correctness(accepted.size(), decided, lost, topicDuplicates, confirmed, over, expectedConfirmed,
                pending, lostInDb, confirmedInDb, overInDb, disagrees, missing, wrong);
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
