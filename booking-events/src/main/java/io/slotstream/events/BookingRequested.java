package io.slotstream.events;

import static io.slotstream.events.Require.present;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user asked for a place in a slot; the booking row exists in PENDING state.
 *
 * <p>The fields after {@code userId} were added later and are optional, so records written before them still read:
 *
 * @param hold true to hold a place for a while before confirming it ({@link BookingHeld}) instead of booking it now
 * @param waitlist true to join the slot's waitlist when it is full ({@link BookingWaitlisted}) instead of a rejection
 * @param categoryId the slot's category, set when a per-user limit applies
 * @param day the slot's calendar day in the service's zone, set when a per-user limit applies
 * @param dailyLimit the most active bookings one user may have in the category on that day, when the request was
 *     made; null for no limit
 */
public record BookingRequested(
        UUID eventId,
        Instant occurredAt,
        UUID slotId,
        UUID bookingId,
        UUID userId,
        @JsonSetter(nulls = Nulls.AS_EMPTY) boolean hold,
        @JsonSetter(nulls = Nulls.AS_EMPTY) boolean waitlist,
        @Nullable Long categoryId,
        @Nullable LocalDate day,
        @Nullable Integer dailyLimit)
        implements BookingCommand {

    public BookingRequested {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(slotId, "slotId");
        present(bookingId, "bookingId");
        present(userId, "userId");
        if (dailyLimit != null && (dailyLimit < 1 || categoryId == null || day == null)) {
            throw new IllegalArgumentException("a dailyLimit needs categoryId and day, and must be at least 1");
        }
    }

    /** A plain request: book now, rejected when full, no per-user limit. */
    public BookingRequested(UUID eventId, Instant occurredAt, UUID slotId, UUID bookingId, UUID userId) {
        this(eventId, occurredAt, slotId, bookingId, userId, false, false, null, null, null);
    }

    /** True when a per-user limit applies to this request. */
    public boolean limited() {
        return dailyLimit != null;
    }
}
