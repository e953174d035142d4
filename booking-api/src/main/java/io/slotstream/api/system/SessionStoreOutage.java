package io.slotstream.api.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sessions live in Redis. When Redis is away, every request that touches a session fails inside Spring Session's
 * filter, outside any controller, where it would end as a 500 (the error page itself needs the session). This filter
 * sits in front of Spring Session and answers 503 problem+json instead. Sign-in and registration check that Redis
 * answers before they start: an account created or a password checked without the session that should follow would
 * be a sign-in that failed half-way.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreOutage {

    private static final Logger log = LoggerFactory.getLogger(SessionStoreOutage.class);

    static final String BODY = "{\"type\":\"" + ApiProblem.TYPE_BASE + "unavailable\",\"title\":\"Temporarily unavailable\","
            + "\"status\":503,\"detail\":\"The service cannot reach its session store right now. Nothing was saved; "
            + "please try again in a few seconds.\",\"retryAfterSeconds\":5}";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> sessionStoreOutageFilter(RedisConnectionFactory redis) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter(redis));
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {

        private final RedisConnectionFactory redis;

        Filter(RedisConnectionFactory redis) {
            this.redis = redis;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (startsASession(request) && !redisAnswers()) {
                unavailable(response);
                return;
            }
            try {
                chain.doFilter(request, response);
            } catch (ServletException | IOException | RuntimeException e) {
                if (!causedByRedis(e) || response.isCommitted()) {
                    throw e;
                }
                log.warn("Session store unavailable: {}", e.getMessage());
                response.reset();
                unavailable(response);
            }
        }

        private static boolean startsASession(HttpServletRequest request) {
            String path = request.getRequestURI();
            return "POST".equals(request.getMethod())
                    && (path.equals("/api/auth/login") || path.equals("/api/auth/register"));
        }

        private boolean redisAnswers() {
            try (RedisConnection connection = redis.getConnection()) {
                return "PONG".equalsIgnoreCase(connection.ping());
            } catch (RuntimeException e) {
                log.warn("Session store unavailable before sign-in: {}", e.getMessage());
                return false;
            }
        }

        private static boolean causedByRedis(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RedisConnectionFailureException
                        || cause.getClass().getName().startsWith("io.lettuce.core.RedisConnectionException")) {
                    return true;
                }
            }
            return false;
        }

        private static void unavailable(HttpServletResponse response) throws IOException {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader("Retry-After", "5");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write(BODY);
        }
    }
}
