package io.slotstream.api.slot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Slots in PostgreSQL; {@code taken} (confirmed and held places) is kept by a trigger on bookings. */
@Repository
public class TimeSlotRepository {

    private static final String SELECT_WITH_BOOKED = """
            select s.id, s.category_id, s.starts_at, s.ends_at, s.capacity, s.status,
                   s.taken as booked
            from time_slots s
            """;

    private final JdbcClient jdbc;

    TimeSlotRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TimeSlot> findById(UUID id) {
        return jdbc.sql(SELECT_WITH_BOOKED + " where s.id = :id").param("id", id).query(TimeSlotRepository::map).optional();
    }

    /** Open slots that overlap the window, oldest first, at most {@code limit}. */
    List<TimeSlot> findOpenInWindow(Instant from, Instant to, @Nullable Long categoryId, int limit) {
        return jdbc.sql(SELECT_WITH_BOOKED + """
                 where s.status = 'OPEN' and s.starts_at < :to and s.ends_at > :from
                   and (cast(:categoryId as bigint) is null or s.category_id = :categoryId)
                 order by s.starts_at, s.id
                 limit :limit
                """)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("categoryId", categoryId)
                .param("limit", limit)
                .query(TimeSlotRepository::map)
                .list();
    }

    /** Per day (in the given zone) and category: how many open slots start then and how many still have room. */
    List<DayAvailability> availabilityByDay(Instant from, Instant to, ZoneId zone) {
        return jdbc.sql("""
                select (s.starts_at at time zone :zone)::date as day, s.category_id,
                       count(*) as total,
                       count(*) filter (where s.capacity > s.taken) as free_slots,
                       sum(s.capacity - s.taken) as free_places
                from time_slots s
                where s.status = 'OPEN' and s.starts_at >= :from and s.starts_at < :to
                group by 1, 2
                order by 1, 2
                """)
                .param("zone", zone.getId())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, i) -> new DayAvailability(
                        rs.getObject("day", java.time.LocalDate.class),
                        rs.getLong("category_id"),
                        rs.getInt("total"),
                        rs.getInt("free_slots"),
                        rs.getInt("free_places")))
                .list();
    }

    void insert(UUID id, NewSlot slot, UUID createdBy) {
        jdbc.sql("""
                insert into time_slots (id, category_id, starts_at, ends_at, capacity, created_by)
                values (:id, :categoryId, :startsAt, :endsAt, :capacity, :createdBy)
                """)
                .param("id", id)
                .param("categoryId", slot.categoryId())
                .param("startsAt", Timestamp.from(slot.startsAt()))
                .param("endsAt", Timestamp.from(slot.endsAt()))
                .param("capacity", slot.capacity())
                .param("createdBy", createdBy)
                .update();
    }

    /** Marks an open slot deleted; false when it was not open (unknown or deleted already). */
    boolean markDeleted(UUID id) {
        return jdbc.sql("update time_slots set status = 'DELETED', deleted_at = now() where id = :id and status = 'OPEN'")
                        .param("id", id)
                        .update()
                == 1;
    }

    boolean categoryExists(long categoryId) {
        return jdbc.sql("select exists(select 1 from categories where id = :id)")
                .param("id", categoryId)
                .query(Boolean.class)
                .single();
    }

    static TimeSlot map(ResultSet rs, int row) throws SQLException {
        int capacity = rs.getInt("capacity");
        int booked = rs.getInt("booked");
        TimeSlot.SlotStatus status = TimeSlot.SlotStatus.valueOf(rs.getString("status"));
        return new TimeSlot(
                rs.getObject("id", UUID.class),
                rs.getLong("category_id"),
                rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(),
                capacity,
                booked,
                status == TimeSlot.SlotStatus.OPEN ? Math.max(0, capacity - booked) : 0,
                status);
    }
}
