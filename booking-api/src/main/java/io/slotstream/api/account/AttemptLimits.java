package io.slotstream.api.account;

import io.slotstream.api.system.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Attempt counters in Redis, shared by every API replica: failed password sign-ins per login name and per client
 * address, registrations per client address, booking requests per account. A counter is a key that lives for its
 * window from the first attempt (a fixed window); over the limit the answer is 429 with {@code Retry-After}
 * saying when the window ends. Login names are stored hashed, so Redis holds no email addresses.
 */
@Component
public class AttemptLimits {

    private static final String PREFIX = "slotstream:limits:";

    /** INCR, and start the window on the first attempt; answers the count and the milliseconds left. */
    private static final RedisScript<List> COUNT = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {n, ttl}
            """, List.class);

    private final StringRedisTemplate redis;
    private final AuthProperties.Limits limits;

    AttemptLimits(StringRedisTemplate redis, AuthProperties properties) {
        this.redis = redis;
        this.limits = properties.limits();
    }

    /** Before a password sign-in: refuses when this login name or this address has failed too often. */
    void checkSignIn(String login, String address) {
        refuseIfOver(accountKey(login), limits.loginFailuresPerAccount(), "Too many failed sign-ins for this account");
        refuseIfOver(addressKey("login", address), limits.loginFailuresPerAddress(), "Too many failed sign-ins from your address");
    }

    void signInFailed(String login, String address) {
        count(accountKey(login), limits.loginWindow());
        count(addressKey("login", address), limits.loginWindow());
    }

    /** Counts a registration attempt from this address and refuses it when over the limit. */
    void registration(String address) {
        countOrRefuse(addressKey("register", address), limits.registrationsPerAddress(), limits.registrationWindow(),
                "Too many registrations from your address");
    }

    /** Counts a booking request of this account and refuses it when over the limit. */
    public void booking(java.util.UUID userId) {
        countOrRefuse(PREFIX + "booking:" + userId, limits.bookingsPerUser(), limits.bookingWindow(), "Too many booking requests");
    }

    private void refuseIfOver(String key, int limit, String title) {
        String value = redis.opsForValue().get(key);
        if (value != null && Long.parseLong(value) >= limit) {
            Long ttl = redis.getExpire(key, java.util.concurrent.TimeUnit.MILLISECONDS);
            throw tooMany(title, ttl == null || ttl < 0 ? 1000 : ttl);
        }
    }

    private void countOrRefuse(String key, int limit, Duration window, String title) {
        List<?> result = count(key, window);
        long n = ((Number) result.get(0)).longValue();
        if (n > limit) {
            throw tooMany(title, ((Number) result.get(1)).longValue());
        }
    }

    private List<?> count(String key, Duration window) {
        return redis.execute(COUNT, List.of(key), Long.toString(window.toMillis()));
    }

    private static ApiProblem tooMany(String title, long millisLeft) {
        long seconds = Math.max(1, (millisLeft + 999) / 1000);
        ApiProblem problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts", title,
                "Please wait " + seconds + " seconds before trying again.", Map.of("retryAfterSeconds", seconds));
        problem.getHeaders().set("Retry-After", Long.toString(seconds));
        return problem;
    }

    private static String accountKey(String login) {
        return PREFIX + "login:account:" + sha256(login.trim().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String what, String address) {
        return PREFIX + what + ":address:" + address;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
