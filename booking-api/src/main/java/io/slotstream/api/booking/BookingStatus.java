package io.slotstream.api.booking;

/**
 * Where a booking is in its life. Requested (PENDING), then decided: CONFIRMED, HELD (a place kept until it is
 * confirmed or EXPIRED), WAITLISTED (waiting for a place, which comes as a hold) or REJECTED; a live booking may end
 * CANCELLED. Rows never leave the table.
 */
public enum BookingStatus {
    PENDING,
    HELD,
    WAITLISTED,
    CONFIRMED,
    REJECTED,
    CANCELLED,
    EXPIRED;

    /** Whether the booking still holds, waits for or asks for a place. */
    boolean active() {
        return this == PENDING || this == HELD || this == WAITLISTED || this == CONFIRMED;
    }
}
