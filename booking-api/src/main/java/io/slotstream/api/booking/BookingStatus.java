package io.slotstream.api.booking;

/** Where a booking is in its life: requested, then decided, then possibly cancelled. */
public enum BookingStatus {
    PENDING,
    CONFIRMED,
    REJECTED,
    CANCELLED
}
