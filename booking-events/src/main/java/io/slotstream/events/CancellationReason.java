package io.slotstream.events;

/** Why a confirmed booking ended. */
public enum CancellationReason {
    /** The owner or an admin cancelled it. */
    REQUESTED,
    /** The slot was deleted. */
    SLOT_CLOSED
}
