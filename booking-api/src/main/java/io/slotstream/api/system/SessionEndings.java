package io.slotstream.api.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Tells push-service that a session ended at sign-out, so that it closes that session's open WebSocket connections
 * at once (a new handshake is refused anyway: the session is gone from Redis). The session id is published on the
 * Redis channel {@code <session namespace>:ended} after the session was deleted.
 */
@Component
public class SessionEndings {

    private static final Logger log = LoggerFactory.getLogger(SessionEndings.class);
    private static final String ENDED = SessionEndings.class.getName() + ".id";

    private final StringRedisTemplate redis;
    private final String channel;

    SessionEndings(StringRedisTemplate redis, @Value("${spring.session.data.redis.namespace:spring:session}") String namespace) {
        this.redis = redis;
        this.channel = channel(namespace);
    }

    public static String channel(String namespace) {
        return namespace + ":ended";
    }

    /** Logout handler: notes the id of the session about to be invalidated. */
    void remember(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            request.setAttribute(ENDED, session.getId());
        }
    }

    /** After the session was deleted: announces it. A lost announcement is caught by push-service's re-check. */
    void announce(HttpServletRequest request) {
        if (request.getAttribute(ENDED) instanceof String sessionId) {
            try {
                redis.convertAndSend(channel, sessionId);
            } catch (RuntimeException e) {
                log.warn("Could not announce the end of a session: {}", e.toString());
            }
        }
    }
}
