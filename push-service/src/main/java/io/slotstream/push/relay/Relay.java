package io.slotstream.push.relay;

import io.slotstream.push.frame.Outgoing;

/** Where the Kafka side hands frames: appended once, whichever instance consumed the event. */
public interface Relay {

    /**
     * Appends the frame unless a frame with the same dedupe key was appended within the dedupe window.
     *
     * @param eventTimestamp when the event was written to Kafka (epoch millis), for the event-to-send latency
     * @return true if appended, false if it was a duplicate
     * @throws org.springframework.dao.DataAccessException when Redis cannot be reached; the caller retries
     */
    boolean publish(Outgoing frame, long eventTimestamp);
}
