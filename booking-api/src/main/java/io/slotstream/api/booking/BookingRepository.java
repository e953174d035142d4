package io.slotstream.api.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Bookings in PostgreSQL. Every decision update is conditional on the current status, so replays change nothing. */
@Repository
class BookingRepository {

    private static final String VIEW = """
            select b.*, u.username, s.category_id, s.starts_at, s.ends_at, s.capacity, s.status as slot_status,
                   s.taken as booked, counts.held, counts.waiting
            from bookings b
            join time_slots s on s.id = b.slot_id
            join users u on u.id = b.user_id
            cross join lateral (
                select count(*) filter (where c.status = 'HELD') as held,
                       count(*) filter (where c.status = 'WAITLISTED') as waiting
                from bookings c where c.slot_id = b.slot_id and c.status in ('HELD', 'WAITLISTED')) counts
            """;

    private final JdbcClient jdbc;

    BookingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<BookingView> findView(UUID id) {
        return jdbc.sql(VIEW + " where b.id = :id").param("id", id).query(BookingRepository::map).optional();
    }

    Optional<BookingView> findByIdempotencyKey(UUID userId, String key) {
        return jdbc.sql(VIEW + " where b.user_id = :userId and b.idempotency_key = :key")
                .param("userId", userId)
                .param("key", key)
                .query(BookingRepository::map)
                .optional();
    }

    Optional<BookingStatus> findActiveStatus(UUID userId, UUID slotId) {
        return jdbc.sql("select status from bookings where user_id = :userId and slot_id = :slotId and status in ('PENDING', 'HELD', 'WAITLISTED', 'CONFIRMED')")
                .param("userId", userId)
                .param("slotId", slotId)
                .query((rs, i) -> BookingStatus.valueOf(rs.getString(1)))
                .optional();
    }

    /** Inserts a pending booking unless this user already used the key; false when the key was taken. */
    boolean insertPending(UUID id, UUID slotId, UUID userId, String key, int slotCapacity, Instant now) {
        return jdbc.sql("""
                        insert into bookings (id, slot_id, user_id, status, idempotency_key, slot_capacity, created_at)
                        values (:id, :slotId, :userId, 'PENDING', :key, :capacity, :now)
                        on conflict (user_id, idempotency_key) do nothing
                        """)
                        .param("id", id)
                        .param("slotId", slotId)
                        .param("userId", userId)
                        .param("key", key)
                        .param("capacity", slotCapacity)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Notes what the request asked for (hold, waitlist) and the daily limit it carries, for the history. */
    void noteRequest(UUID id, boolean hold, boolean waitlist, @Nullable Integer dailyLimit) {
        jdbc.sql("""
                update bookings set requested_hold = :hold, requested_waitlist = :waitlist, requested_daily_limit = :limit
                where id = :id
                """)
                .param("id", id)
                .param("hold", hold)
                .param("waitlist", waitlist)
                .param("limit", dailyLimit)
                .update();
    }

    /** Locks the booking row so that two cancellations of one booking queue up instead of racing. */
    Optional<BookingView> lockView(UUID id) {
        jdbc.sql("select id from bookings where id = :id for update").param("id", id).query(UUID.class).optional();
        return findView(id);
    }

    void markCancelRequested(UUID id, UUID by, Instant now) {
        jdbc.sql("update bookings set cancel_requested_at = :now, cancel_requested_by = :by where id = :id and cancel_requested_at is null")
                .param("id", id)
                .param("by", by)
                .param("now", Timestamp.from(now))
                .update();
    }

    void markConfirmRequested(UUID id, Instant now) {
        jdbc.sql("update bookings set confirm_requested_at = :now where id = :id and confirm_requested_at is null")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** A direct booking (from PENDING) or a confirmed hold (from HELD). */
    boolean confirm(UUID id, Instant at) {
        return jdbc.sql("""
                        update bookings set status = 'CONFIRMED', decided_at = :at, hold_expires_at = null
                        where id = :id and status in ('PENDING', 'HELD')
                        """)
                        .param("id", id)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** A place held for a new request (from PENDING) or offered to the first in the waitlist (from WAITLISTED). */
    boolean hold(UUID id, Instant expiresAt, Instant at) {
        return jdbc.sql("""
                        update bookings set status = 'HELD', hold_expires_at = :expiresAt, waitlist_position = null,
                               decided_at = :at
                        where id = :id and status in ('PENDING', 'WAITLISTED')
                        """)
                        .param("id", id)
                        .param("expiresAt", Timestamp.from(expiresAt))
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    boolean expire(UUID id, Instant at) {
        return jdbc.sql("update bookings set status = 'EXPIRED', expired_at = :at where id = :id and status = 'HELD'")
                        .param("id", id)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    boolean waitlist(UUID id, int position, Instant at) {
        return jdbc.sql("""
                        update bookings set status = 'WAITLISTED', waitlist_position = :position, decided_at = :at
                        where id = :id and status = 'PENDING'
                        """)
                        .param("id", id)
                        .param("position", position)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** A waiter only ever moves up the line, so an older position arriving late changes nothing. */
    boolean moveUp(UUID id, int position) {
        return jdbc.sql("""
                        update bookings set waitlist_position = :position
                        where id = :id and status = 'WAITLISTED' and waitlist_position > :position
                        """)
                        .param("id", id)
                        .param("position", position)
                        .update()
                == 1;
    }

    boolean reject(UUID id, String reason, String message, Instant at) {
        return jdbc.sql("""
                        update bookings set status = 'REJECTED', reason = :reason, reason_message = :message, decided_at = :at
                        where id = :id and status = 'PENDING'
                        """)
                        .param("id", id)
                        .param("reason", reason)
                        .param("message", message)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    boolean cancel(UUID id, String reason, Instant at) {
        return jdbc.sql("""
                        update bookings set status = 'CANCELLED', reason = :reason, cancelled_at = :at,
                               hold_expires_at = null, waitlist_position = null
                        where id = :id and status in ('PENDING', 'HELD', 'WAITLISTED', 'CONFIRMED')
                        """)
                        .param("id", id)
                        .param("reason", reason)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** The category's per-user daily limit, if an admin set one. */
    Optional<Integer> dailyLimitOf(long categoryId) {
        return jdbc.sql("select daily_limit_per_user from categories where id = :id and daily_limit_per_user is not null")
                .param("id", categoryId)
                .query(Integer.class)
                .optional();
    }

    /** Statuses of the given bookings that are no longer pending. */
    Map<UUID, BookingStatus> decidedAmong(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("select id, status from bookings where id in (:ids) and status <> 'PENDING'")
                .param("ids", List.copyOf(ids))
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), BookingStatus.valueOf(rs.getString(2))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    List<BookingView> listForUser(UUID userId, String scope, Instant now, int limit) {
        String filter = switch (scope) {
            case "upcoming" -> " and s.ends_at > :now order by s.starts_at asc";
            case "past" -> " and s.ends_at <= :now order by s.starts_at desc";
            default -> " and cast(:now as timestamptz) is not null order by s.starts_at desc";
        };
        return jdbc.sql(VIEW + " where b.user_id = :userId" + filter + " limit :limit")
                .param("userId", userId)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(BookingRepository::map)
                .list();
    }

    List<BookingView> search(BookingFilter filter, int offset, int limit) {
        return jdbc.sql(VIEW + filter.where() + " order by b.created_at desc, b.id limit :limit offset :offset")
                .params(filter.params())
                .param("limit", limit)
                .param("offset", offset)
                .query(BookingRepository::map)
                .list();
    }

    long count(BookingFilter filter) {
        return jdbc.sql("select count(*) from bookings b join time_slots s on s.id = b.slot_id" + filter.where())
                .params(filter.params())
                .query(Long.class)
                .single();
    }

    /** Filters of the admin bookings table; every value is bound as a parameter. */
    record BookingFilter(
            @Nullable BookingStatus status, @Nullable UUID slotId, @Nullable UUID userId,
            @Nullable Instant from, @Nullable Instant to) {

        String where() {
            return """
                     where (cast(:status as varchar) is null or b.status = :status)
                       and (cast(:slotId as uuid) is null or b.slot_id = :slotId)
                       and (cast(:userId as uuid) is null or b.user_id = :userId)
                       and (cast(:from as timestamptz) is null or s.starts_at >= :from)
                       and (cast(:to as timestamptz) is null or s.starts_at < :to)
                    """;
        }

        Map<String, @Nullable Object> params() {
            java.util.HashMap<String, @Nullable Object> params = new java.util.HashMap<>();
            params.put("status", status == null ? null : status.name());
            params.put("slotId", slotId);
            params.put("userId", userId);
            params.put("from", from == null ? null : Timestamp.from(from));
            params.put("to", to == null ? null : Timestamp.from(to));
            return params;
        }
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    static BookingView map(ResultSet rs, int row) throws SQLException {
        int capacity = rs.getInt("capacity");
        Integer position = rs.getObject("waitlist_position", Integer.class);
        int booked = rs.getInt("booked");
        String slotStatus = rs.getString("slot_status");
        return new BookingView(
                rs.getObject("id", UUID.class),
                rs.getObject("slot_id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getString("username"),
                BookingStatus.valueOf(rs.getString("status")),
                rs.getString("reason"),
                rs.getString("reason_message"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs, "decided_at"),
                instant(rs, "cancel_requested_at"),
                instant(rs, "cancelled_at"),
                instant(rs, "hold_expires_at"),
                position,
                instant(rs, "confirm_requested_at"),
                instant(rs, "expired_at"),
                new BookingView.Slot(
                        rs.getLong("category_id"),
                        rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_at").toInstant(),
                        slotStatus),
                new BookingView.Availability(
                        capacity,
                        booked,
                        "OPEN".equals(slotStatus) ? Math.max(0, capacity - booked) : 0,
                        rs.getInt("held"),
                        rs.getInt("waiting")));
    }
}
