package io.slotstream.push.relay;

/** Where the broadcast stream stands: its epoch and the seq of its last frame (0 when empty). */
public record Position(String epoch, long lastSeq) {}
