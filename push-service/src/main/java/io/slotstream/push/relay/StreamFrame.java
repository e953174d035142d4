package io.slotstream.push.relay;

/**
 * One frame of the broadcast stream as stored: its sequence number, the complete JSON frame, and when its event
 * was written to Kafka (epoch millis).
 */
public record StreamFrame(long seq, String json, long eventTimestamp) {}
