package io.slotstream.api.booking;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A booking as its owner (or an admin) sees it. A rejected booking carries its reason code, the sentence that
 * explains it, and the slot's availability at the time of reading. A held booking says until when the place is
 * held ({@code holdExpiresAt}); a waiting one its place in the slot's waitlist ({@code waitlistPosition}, 1 first).
 */
public record BookingView(
        UUID id,
        UUID slotId,
        UUID userId,
        @Nullable String username,
        BookingStatus status,
        @Nullable String reason,
        @Nullable String message,
        Instant createdAt,
        @Nullable Instant decidedAt,
        @Nullable Instant cancelRequestedAt,
        @Nullable Instant cancelledAt,
        @Nullable Instant holdExpiresAt,
        @Nullable Integer waitlistPosition,
        @Nullable Instant confirmRequestedAt,
        @Nullable Instant expiredAt,
        Slot slot,
        Availability availability) {

    public record Slot(long categoryId, Instant startsAt, Instant endsAt, String status) {}

    /** {@code booked} counts confirmed bookings and held places; {@code held} is the part of it not confirmed yet. */
    public record Availability(int capacity, int booked, int available, int held, int waiting) {}
}
