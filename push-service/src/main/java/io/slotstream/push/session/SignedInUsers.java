package io.slotstream.push.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Finds the signed-in user of a session cookie: Spring Session's repository loads the session (an expired one
 * reads as absent), and Spring Security's context stored in it names the account by id.
 */
public class SignedInUsers {

    /** Spring Security's session attribute (HttpSessionSecurityContextRepository's default). */
    public static final String SECURITY_CONTEXT_ATTRIBUTE = "SPRING_SECURITY_CONTEXT";

    private static final Logger log = LoggerFactory.getLogger(SignedInUsers.class);

    private final SessionRepository<? extends Session> sessions;

    public SignedInUsers(SessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /** The account id behind the cookie, if the session exists and holds an authenticated user. */
    public Optional<UUID> userOf(String cookieValue) {
        return userOfSession(sessionId(cookieValue));
    }

    /** The account id signed in to the session with this id, if the session still exists. */
    public Optional<UUID> userOfSession(String sessionId) {
        if (sessionId.isEmpty()) {
            return Optional.empty();
        }
        Session session = sessions.findById(sessionId);
        if (session == null || session.isExpired()) {
            log.debug("No live session {}", sessionId);
            return Optional.empty();
        }
        Object context = session.getAttribute(SECURITY_CONTEXT_ATTRIBUTE);
        if (!(context instanceof SecurityContext securityContext)) {
            log.debug("Session {} holds no security context (attributes {})", sessionId, session.getAttributeNames());
            if (context != null) {
                log.warn("Session holds an unreadable security context ({}); refusing it", context.getClass().getName());
            }
            return Optional.empty();
        }
        Authentication authentication = securityContext.getAuthentication();
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(authentication.getName()));
        } catch (IllegalArgumentException notAnAccountId) {
            log.warn("Session principal is not an account id; refusing it");
            return Optional.empty();
        }
    }

    /** The cookie holds the session id in Base64 (Spring Session's DefaultCookieSerializer). */
    public static String sessionId(String cookieValue) {
        try {
            return new String(Base64.getDecoder().decode(cookieValue.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }
}
