package io.slotstream.api.slot;

import java.time.Instant;
import java.util.UUID;

/** A slot as the calendar shows it: when, which category, and how many places are left. */
public record TimeSlot(
        UUID id,
        long categoryId,
        Instant startsAt,
        Instant endsAt,
        int capacity,
        int booked,
        int available,
        SlotStatus status) {

    public enum SlotStatus {
        OPEN,
        DELETED
    }
}
