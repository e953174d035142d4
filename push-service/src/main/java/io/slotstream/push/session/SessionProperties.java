package io.slotstream.push.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where booking-api keeps its sessions. Both must match booking-api's Spring Session settings.
 *
 * @param namespace Spring Session's Redis key namespace ({@code spring.session.redis.namespace} in booking-api).
 *     Default {@code slotstream:session}.
 * @param cookieName the session cookie. Default {@code SESSION}.
 */
@ConfigurationProperties("slotstream.push.session")
public record SessionProperties(
        @DefaultValue("slotstream:session") String namespace, @DefaultValue("SESSION") String cookieName) {}
