package io.slotstream.push.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where booking-api keeps its sessions. Both must match booking-api's Spring Session settings.
 *
 * @param namespace Spring Session's Redis key namespace ({@code spring.session.redis.namespace} in booking-api).
 *     Default {@code slotstream:session}.
 * @param cookieName the session cookie. Default {@code SESSION}.
 * @param recheckInterval how often the sessions of open connections are looked up again, so that a connection
 *     whose session ended without word (expired, deleted, an announcement missed) is closed. Default 30s.
 */
@ConfigurationProperties("slotstream.push.session")
public record SessionProperties(
        @DefaultValue("slotstream:session") String namespace,
        @DefaultValue("SESSION") String cookieName,
        @DefaultValue("30s") Duration recheckInterval) {

    /** The Redis channel on which booking-api announces the id of a session that ended at sign-out. */
    public String endedChannel() {
        return namespace + ":ended";
    }
}
