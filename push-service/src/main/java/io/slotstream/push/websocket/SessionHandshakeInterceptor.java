package io.slotstream.push.websocket;

import io.slotstream.push.session.SignedInUsers;
import jakarta.servlet.http.Cookie;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Lets a handshake through only with a signed-in session: 401 without a session cookie or with one that names no
 * signed-in user, 400 for a malformed resume request, 503 when the session store cannot be reached. (The origin
 * check runs before this one.) Every reconnect goes through it again.
 */
final class SessionHandshakeInterceptor implements HandshakeInterceptor {

    static final String USER = "slotstream.userId";
    static final String RESUME = "slotstream.resume";
    static final String SESSION_ID = "slotstream.sessionId";

    private static final Logger log = LoggerFactory.getLogger(SessionHandshakeInterceptor.class);

    private final SignedInUsers users;
    private final String cookieName;

    SessionHandshakeInterceptor(SignedInUsers users, String cookieName) {
        this.users = users;
        this.cookieName = cookieName;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Map<String, Object> attributes) {
        String cookie = sessionCookie(request);
        if (cookie == null) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        Optional<UUID> user;
        try {
            user = users.userOf(cookie);
        } catch (DataAccessException e) {
            log.warn("Cannot read the session store: {}", e.toString());
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            return false;
        }
        if (user.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        try {
            attributes.put(RESUME, ResumeRequest.fromQuery(request.getURI()));
        } catch (IllegalArgumentException e) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        attributes.put(USER, user.get());
        attributes.put(SESSION_ID, SignedInUsers.sessionId(cookie));
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, @Nullable Exception exception) {
        // nothing to do
    }

    private @Nullable String sessionCookie(ServerHttpRequest request) {
        if (request instanceof ServletServerHttpRequest servlet) {
            Cookie[] cookies = servlet.getServletRequest().getCookies();
            if (cookies != null) {
                for (Cookie cookie : cookies) {
                    if (cookieName.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                        return cookie.getValue();
                    }
                }
            }
        }
        return null;
    }
}
