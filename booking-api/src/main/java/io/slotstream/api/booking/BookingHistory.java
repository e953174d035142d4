package io.slotstream.api.booking;

import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.EventIds;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.WaitlistPositionChanged;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit trail of each booking in {@code booking_history}. Every row carries the id of the event that caused
 * it (or an id derived from the booking for the API's own steps), unique in the table: recording the same event
 * again, from a redelivery or a rebuild, adds nothing.
 */
@Repository
class BookingHistory {

    /** One step in a booking's life. {@code actor} is USER, ADMIN or SYSTEM (the stream processor's decisions). */
    record Entry(
            String what,
            String actor,
            @Nullable UUID actorId,
            @Nullable String actorName,
            Instant at,
            @Nullable String reason,
            UUID eventId) {}

    private final JdbcClient jdbc;

    BookingHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The ids of the API's own steps, derived from the booking so that a rebuild finds the same ones. */
    static UUID requestedId(UUID bookingId) {
        return EventIds.derive(bookingId, "history/requested");
    }

    static UUID cancelRequestedId(UUID bookingId) {
        return EventIds.derive(bookingId, "history/cancel-requested");
    }

    static UUID confirmRequestedId(UUID bookingId) {
        return EventIds.derive(bookingId, "history/confirm-requested");
    }

    /** The reason of a REQUESTED row: what the request asked for beyond a plain booking. */
    static @Nullable String requestedReason(boolean hold, boolean waitlist, @Nullable Integer dailyLimit) {
        List<String> parts = new ArrayList<>();
        if (hold) {
            parts.add("hold");
        }
        if (waitlist) {
            parts.add("waitlist");
        }
        if (dailyLimit != null) {
            parts.add("daily limit " + dailyLimit);
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /** Records a step; false when a row for that event exists already or the booking is unknown here. */
    boolean record(UUID bookingId, String what, String actor, @Nullable UUID actorId, Instant at, @Nullable String reason,
            UUID eventId) {
        return jdbc.sql("""
                        insert into booking_history (booking_id, what, actor, actor_id, at, reason, event_id)
                        select :bookingId, :what, :actor, :actorId, :at, :reason, :eventId
                        where exists (select 1 from bookings where id = :bookingId)
                        on conflict (event_id) do nothing
                        """)
                        .param("bookingId", bookingId)
                        .param("what", what)
                        .param("actor", actor)
                        .param("actorId", actorId)
                        .param("at", Timestamp.from(at))
                        .param("reason", reason)
                        .param("eventId", eventId)
                        .update()
                == 1;
    }

    /** Records a decision of the stream processor. */
    boolean record(BookingDecision decision) {
        return record(decision.bookingId(), what(decision), "SYSTEM", null, decision.occurredAt(), reason(decision),
                decision.eventId());
    }

    static String what(BookingDecision decision) {
        if (decision instanceof BookingHeld held) {
            return held.offered() ? "OFFERED" : "HELD";
        } else if (decision instanceof BookingConfirmed) {
            return "CONFIRMED";
        } else if (decision instanceof BookingRejected) {
            return "REJECTED";
        } else if (decision instanceof BookingCancelled) {
            return "CANCELLED";
        } else if (decision instanceof HoldExpired) {
            return "EXPIRED";
        } else if (decision instanceof BookingWaitlisted) {
            return "WAITLISTED";
        } else if (decision instanceof WaitlistPositionChanged) {
            return "WAITLIST_MOVED";
        }
        throw new IllegalArgumentException("unknown decision " + decision.getClass().getName());
    }

    static @Nullable String reason(BookingDecision decision) {
        if (decision instanceof BookingRejected rejected) {
            return rejected.reason().name() + ": " + rejected.message();
        } else if (decision instanceof BookingCancelled cancelled) {
            return cancelled.reason().name();
        } else if (decision instanceof BookingHeld held) {
            return "held until " + held.expiresAt();
        } else if (decision instanceof BookingWaitlisted waitlisted) {
            return "position " + waitlisted.position();
        } else if (decision instanceof WaitlistPositionChanged moved) {
            return "position " + moved.position();
        }
        return null;
    }

    /**
     * Writes the rows of the API's own steps (requested, confirmation and cancellation asked) from the bookings
     * table, for a rebuild; the decisions come from the topic. Returns how many rows were missing.
     */
    int rebuildOwnSteps() {
        int added = 0;
        // the derived ids are computed in Java (name-based UUIDs), so rows are written one by one
        List<Step> steps = jdbc.sql("""
                        select id, user_id, created_at, cancel_requested_at, cancel_requested_by, confirm_requested_at,
                               requested_hold, requested_waitlist, requested_daily_limit
                        from bookings
                        """)
                .query((rs, i) -> new Step(
                        rs.getObject("id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("cancel_requested_at")),
                        rs.getObject("cancel_requested_by", UUID.class),
                        instant(rs.getTimestamp("confirm_requested_at")),
                        requestedReason(rs.getBoolean("requested_hold"), rs.getBoolean("requested_waitlist"),
                                rs.getObject("requested_daily_limit", Integer.class))))
                .list();
        for (Step step : steps) {
            added += recordOwnSteps(step);
        }
        return added;
    }

    private record Step(UUID bookingId, UUID userId, Instant createdAt, @Nullable Instant cancelRequestedAt,
            @Nullable UUID cancelRequestedBy, @Nullable Instant confirmRequestedAt, @Nullable String requestedReason) {}

    private int recordOwnSteps(Step step) {
        int added = record(step.bookingId(), "REQUESTED", "USER", step.userId(), step.createdAt(), step.requestedReason(),
                requestedId(step.bookingId())) ? 1 : 0;
        if (step.confirmRequestedAt() != null) {
            added += record(step.bookingId(), "CONFIRM_REQUESTED", "USER", step.userId(), step.confirmRequestedAt(), null,
                    confirmRequestedId(step.bookingId())) ? 1 : 0;
        }
        if (step.cancelRequestedAt() != null) {
            UUID by = step.cancelRequestedBy() == null ? step.userId() : step.cancelRequestedBy();
            added += record(step.bookingId(), "CANCEL_REQUESTED", by.equals(step.userId()) ? "USER" : "ADMIN", by,
                    step.cancelRequestedAt(), null, cancelRequestedId(step.bookingId())) ? 1 : 0;
        }
        return added;
    }

    List<Entry> of(UUID bookingId) {
        return jdbc.sql("""
                        select h.what, h.actor, h.actor_id, u.username, h.at, h.reason, h.event_id
                        from booking_history h left join users u on u.id = h.actor_id
                        where h.booking_id = :bookingId
                        order by h.at, h.id
                        """)
                .param("bookingId", bookingId)
                .query((rs, i) -> new Entry(
                        rs.getString("what"),
                        rs.getString("actor"),
                        rs.getObject("actor_id", UUID.class),
                        rs.getString("username"),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("reason"),
                        rs.getObject("event_id", UUID.class)))
                .list();
    }

    private static @Nullable Instant instant(@Nullable Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
