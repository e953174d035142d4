package io.slotstream.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One booking-api on a real port against the shared embedded PostgreSQL, Redis and Kafka, with a real OpenID
 * Connect server (mock-oauth2-server) in Google's place and {@link FakeGitHub} in GitHub's, all on loopback. The
 * security test classes extend this, so they share one Spring context and one set of servers.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "slotstream.accounts.admin.username=root",
            "slotstream.accounts.admin.email=root@example.test",
            "slotstream.accounts.admin.password=admin-password-1",
            "slotstream.accounts.admin.email-verified=true",
            "slotstream.decisions.group-id=security-it-decisions",
            "slotstream.auth.limits.login-failures-per-account=3",
            "slotstream.auth.limits.login-failures-per-address=5",
            "slotstream.auth.limits.registrations-per-address=4",
            "slotstream.auth.limits.bookings-per-user=5",
            "slotstream.auth.limits.booking-window=1m"
        })
abstract class SecurityTestBase {

    static final String GOOGLE = "google";
    static final String GOOGLE_CLIENT_ID = "google-client";
    static final String PASSWORD = "a long enough password";

    static final ServerEndpoints servers = SharedServers.withFreshDatabase("security_it");
    static final MockOAuth2Server google = new MockOAuth2Server();
    static final FakeGitHub github;

    static {
        try {
            google.start(InetAddress.getLoopbackAddress(), 0);
            github = new FakeGitHub();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            google.shutdown();
            github.close();
        }));
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("slotstream.auth.google.client-id", () -> GOOGLE_CLIENT_ID);
        registry.add("slotstream.auth.google.client-secret", () -> "google-secret");
        registry.add("slotstream.auth.google.issuer-uri", () -> google.issuerUrl(GOOGLE).toString());
        registry.add("slotstream.auth.google.authorization-uri", () -> google.authorizationEndpointUrl(GOOGLE).toString());
        registry.add("slotstream.auth.google.token-uri", () -> google.tokenEndpointUrl(GOOGLE).toString());
        registry.add("slotstream.auth.google.jwk-set-uri", () -> google.jwksUrl(GOOGLE).toString());
        registry.add("slotstream.auth.google.user-info-uri", () -> google.userInfoUrl(GOOGLE).toString());
        registry.add("slotstream.auth.github.client-id", () -> FakeGitHub.CLIENT_ID);
        registry.add("slotstream.auth.github.client-secret", () -> FakeGitHub.CLIENT_SECRET);
        registry.add("slotstream.auth.github.authorization-uri", () -> github.url("/login/oauth/authorize"));
        registry.add("slotstream.auth.github.token-uri", () -> github.url("/login/oauth/access_token"));
        registry.add("slotstream.auth.github.user-info-uri", () -> github.url("/user"));
        registry.add("slotstream.auth.github.emails-uri", () -> github.url("/user/emails"));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    ApiClient browser() {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    /**
     * Every test browser comes from an address of its own (X-Forwarded-For from a loopback proxy is believed),
     * so that the per-address limits of one test do not spill into another.
     */
    static String someAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.51." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers a password account (email unverified, as every self-registration) and stays signed in. */
    ApiClient registered(String username) {
        ApiClient client = browser();
        Answer answer = client.post("/api/auth/register",
                Map.of("username", username, "email", username + "@example.test", "password", PASSWORD),
                Map.of("X-Forwarded-For", someAddress()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return client;
    }

    ApiClient admin() {
        ApiClient client = browser();
        Answer answer = client.post("/api/auth/login", Map.of("username", "root", "password", "admin-password-1"),
                Map.of("X-Forwarded-For", someAddress()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return client;
    }

    /** The Redis key of the session behind a browser's SESSION cookie (Spring Session's RedisSessionRepository). */
    static String sessionKey(String cookie) {
        return "slotstream:session:sessions:" + sessionId(cookie);
    }

    static String sessionId(String cookie) {
        return new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
    }

    static void assertProblem(Answer answer, int status, String title) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asString()).isEqualTo(title);
    }
}
