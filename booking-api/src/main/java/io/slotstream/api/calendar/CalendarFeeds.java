package io.slotstream.api.calendar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Feed tokens and what they show. A token is 32 random bytes, handed out once in the feed URL; the table keeps only
 * its SHA-256, so the URL cannot be read back from the database. One live feed per user or category: creating a new
 * one revokes the old, and a revoked token finds nothing.
 */
@Repository
class CalendarFeeds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A live feed: of one user's bookings, or of one category's. */
    record Feed(UUID id, @Nullable UUID userId, @Nullable Long categoryId) {}

    /** A booking as a calendar event. */
    record Entry(UUID bookingId, String status, Instant startsAt, Instant endsAt, String category, String username,
            Instant changedAt, int changes) {}

    private final JdbcClient jdbc;

    CalendarFeeds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Revokes the owner's live feed, if any, and creates a new one; returns its token. */
    String rotate(@Nullable UUID userId, @Nullable Long categoryId, UUID createdBy, Instant now) {
        revoke(userId, categoryId, now);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        jdbc.sql("""
                insert into calendar_feeds (id, token_hash, user_id, category_id, created_by, created_at)
                values (:id, :hash, :userId, :categoryId, :createdBy, :now)
                """)
                .param("id", UUID.randomUUID())
                .param("hash", hash(token))
                .param("userId", userId)
                .param("categoryId", categoryId)
                .param("createdBy", createdBy)
                .param("now", Timestamp.from(now))
                .update();
        return token;
    }

    /** Revokes the owner's live feed; false when there was none. */
    boolean revoke(@Nullable UUID userId, @Nullable Long categoryId, Instant now) {
        return jdbc.sql("""
                        update calendar_feeds set revoked_at = :now
                        where revoked_at is null
                          and (user_id = cast(:userId as uuid) or category_id = cast(:categoryId as bigint))
                        """)
                        .param("userId", userId)
                        .param("categoryId", categoryId)
                        .param("now", Timestamp.from(now))
                        .update()
                > 0;
    }

    Optional<Feed> findLive(String token) {
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("select id, user_id, category_id from calendar_feeds where token_hash = :hash and revoked_at is null")
                .param("hash", hash(token))
                .query((rs, i) -> new Feed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getObject("category_id") == null ? null : rs.getLong("category_id")))
                .optional();
    }

    /**
     * The bookings a feed shows: confirmed ones, held places (tentative) and cancelled ones (so calendars that had
     * the event mark it cancelled), from 90 days back on. Requests never given a place are left out.
     */
    List<Entry> entries(Feed feed, Instant since, int limit) {
        return jdbc.sql("""
                        select b.id, b.status, s.starts_at, s.ends_at, c.name as category, u.username,
                               greatest(b.created_at, b.decided_at, b.cancelled_at) as changed_at,
                               (case when b.decided_at is not null then 1 else 0 end)
                                 + (case when b.cancelled_at is not null then 1 else 0 end) as changes
                        from bookings b
                        join time_slots s on s.id = b.slot_id
                        join categories c on c.id = s.category_id
                        join users u on u.id = b.user_id
                        where b.status in ('CONFIRMED', 'HELD', 'CANCELLED')
                          and s.ends_at >= :since
                          and (b.user_id = cast(:userId as uuid) or s.category_id = cast(:categoryId as bigint))
                        order by s.starts_at, b.id
                        limit :limit
                        """)
                .param("userId", feed.userId())
                .param("categoryId", feed.categoryId())
                .param("since", Timestamp.from(since))
                .param("limit", limit)
                .query((rs, i) -> new Entry(
                        rs.getObject("id", UUID.class),
                        rs.getString("status"),
                        rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_at").toInstant(),
                        rs.getString("category"),
                        rs.getString("username"),
                        rs.getTimestamp("changed_at").toInstant(),
                        rs.getInt("changes")))
                .list();
    }

    Optional<String> categoryName(long categoryId) {
        return jdbc.sql("select name from categories where id = :id").param("id", categoryId).query(String.class).optional();
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
