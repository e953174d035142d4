package io.slotstream.push;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Writes sessions into Redis the way booking-api does (Spring Session's RedisSessionRepository, JDK-serialized
 * attributes, Spring Security's context under SPRING_SECURITY_CONTEXT, principal named by account id), and gives
 * the cookie value a browser would send.
 */
final class Sessions implements AutoCloseable {

    private final LettuceConnectionFactory connections;
    private final org.springframework.session.SessionRepository<org.springframework.session.Session> repository;

    Sessions(String host, int port) {
        connections = new LettuceConnectionFactory(host, port);
        connections.afterPropertiesSet();
        connections.start();
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(new StringRedisSerializer());
        template.setHashKeySerializer(new StringRedisSerializer());
        template.setValueSerializer(new JdkSerializationRedisSerializer());
        template.setHashValueSerializer(new JdkSerializationRedisSerializer());
        template.afterPropertiesSet();
        RedisSessionRepository redisSessions = new RedisSessionRepository(template);
        redisSessions.setRedisKeyNamespace("slotstream:session");
        @SuppressWarnings({"unchecked", "rawtypes"})
        org.springframework.session.SessionRepository<org.springframework.session.Session> untyped =
                (org.springframework.session.SessionRepository) redisSessions;
        repository = untyped;
    }

    /** A signed-in session of the given account; returns the SESSION cookie value. */
    String signedIn(UUID userId) {
        org.springframework.session.Session session = repository.createSession();
        User principal = new User(userId.toString(), "", List.of(new SimpleGrantedAuthority("ROLE_USER")));
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
        session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(authentication));
        repository.save(session);
        return cookie(session.getId());
    }

    /** A session nobody signed in to (as booking-api has after a CSRF fetch, say). */
    String anonymous() {
        org.springframework.session.Session session = repository.createSession();
        session.setAttribute("something", "else");
        repository.save(session);
        return cookie(session.getId());
    }

    /** What booking-api does at sign-out: deletes the session, then announces its end on the channel. */
    void signOut(String cookie, boolean announce) {
        String id = io.slotstream.push.session.SignedInUsers.sessionId(cookie);
        repository.deleteById(id);
        if (announce) {
            try (var connection = connections.getConnection()) {
                connection.publish("slotstream:session:ended".getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static String cookie(String sessionId) {
        return Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
