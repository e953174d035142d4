package io.slotstream.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.api.system.SessionEndings;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The security baseline of booking-api, each protection shown by a request that it refuses. Endpoints are listed
 * from the application's own request mappings, so a new endpoint is covered without touching these tests.
 */
class SecurityBaselineIntegrationTests extends SecurityTestBase {

    static final Set<RequestMethod> STATE_CHANGING = Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);
    static final HttpClient RAW = HttpClient.newHttpClient();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    RedisConnectionFactory connections;

    /** "METHOD /path" of every API mapping whose path matches {@code prefix}, path variables filled in. */
    List<String> endpoints(String prefix, Set<RequestMethod> methods) {
        Set<String> found = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith(prefix)) {
                    continue;
                }
                String path = pattern.replaceAll("\\{provider}", "github");
                for (var parameter : handler.getMethodParameters()) {
                    var variable = parameter.getParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class);
                    if (variable != null) {
                        String name = variable.value().isEmpty() ? parameter.getParameterName() : variable.value();
                        boolean number = Number.class.isAssignableFrom(org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(parameter.getParameterType()));
                        path = path.replace("{" + name + "}", number ? "1" : UUID.randomUUID().toString());
                    }
                }
                Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
                for (RequestMethod method : declared.isEmpty() ? Set.of(RequestMethod.values()) : declared) {
                    if (methods.contains(method)) {
                        found.add(method.name() + " " + path);
                    }
                }
            }
        });
        return new ArrayList<>(found);
    }

    @Test
    void everyStateChangingRequestWithoutTheCsrfTokenIsRefusedSignInAndSignOutIncluded() throws Exception {
        List<String> endpoints = endpoints("/api/", STATE_CHANGING);
        endpoints.add("POST /api/auth/logout"); // Spring Security's logout filter, not a controller mapping
        assertThat(endpoints).contains("POST /api/auth/login", "POST /api/auth/register", "POST /api/bookings",
                "POST /api/admin/timeslots", "DELETE /api/auth/links/github");
        ApiClient admin = admin();
        long users = jdbc.sql("select count(*) from users").query(Long.class).single();
        String cookies = "SESSION=" + admin.cookie("SESSION") + "; XSRF-TOKEN=" + admin.csrfToken();
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            String body = path.endsWith("/login") ? "{\"username\":\"root\",\"password\":\"admin-password-1\"}"
                    : path.endsWith("/register") ? "{\"username\":\"csrf-" + UUID.randomUUID().toString().substring(0, 6)
                            + "\",\"email\":\"csrf@example.test\",\"password\":\"" + PASSWORD + "\"}"
                    : "{}";
            // the XSRF-TOKEN cookie alone, as a forged cross-site form or fetch would carry it: refused
            HttpResponse<String> noHeader = RAW.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json")
                    .header("Cookie", cookies)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noHeader.statusCode()).as(endpoint + " " + noHeader.body()).isEqualTo(403);
            assertThat(noHeader.body()).as(endpoint).contains("Missing or invalid CSRF token");
            // a header that does not match the cookie: refused too
            Answer forged = admin.sendRaw(method, path, body, Map.of("X-XSRF-TOKEN", "forged"));
            assertProblem(forged, 403, "Missing or invalid CSRF token");
        }
        assertThat(admin.get("/api/auth/me").status()).as("sign-out was refused too").isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from users").query(Long.class).single()).isEqualTo(users);
    }

    @Test
    void aUserIsDeniedEveryAdminEndpointAndAStrangerIsAskedToSignIn() {
        List<String> endpoints = endpoints("/api/admin/", Set.of(RequestMethod.values()));
        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(8).contains("GET /api/admin/bookings", "POST /api/admin/timeslots");
        ApiClient user = registered(uniqueName("plain"));
        ApiClient stranger = browser();
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            String body = method.equals("GET") || method.equals("DELETE") ? "" : "{}";
            assertProblem(user.sendRaw(method, path, body, Map.of()), 403, "Not allowed");
            assertThat(stranger.sendRaw(method, path, body, Map.of()).status()).as(endpoint).isIn(401, 403);
            if (method.equals("GET")) {
                assertProblem(stranger.get(path), 401, "Sign-in required");
            }
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndSecureBehindTls() {
        String overTls = sessionCookieOf(browser().post("/api/auth/register", newAccount(),
                Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", someAddress())));
        assertThat(overTls).contains("HttpOnly").contains("SameSite=Lax").contains("Secure");

        String plain = sessionCookieOf(browser().post("/api/auth/register", newAccount(), Map.of("X-Forwarded-For", someAddress())));
        assertThat(plain).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void theSessionIdChangesAtPasswordSignInAndTheOldSessionIsGoneFromRedis() {
        String username = uniqueName("fixation");
        registered(username);
        ApiClient client = browser();
        client.get("/oauth2/authorization/google"); // any visit that creates a session before signing in
        String before = client.cookie("SESSION");
        assertThat(redis.hasKey(sessionKey(before))).isTrue();

        Answer signedIn = client.post("/api/auth/login", Map.of("username", username, "password", PASSWORD),
                Map.of("X-Forwarded-For", someAddress()));
        assertThat(signedIn.status()).isEqualTo(200);
        String after = client.cookie("SESSION");
        assertThat(after).isNotEqualTo(before);
        assertThat(redis.hasKey(sessionKey(before))).isFalse();
        assertThat(redis.hasKey(sessionKey(after))).isTrue();
    }

    @Test
    void signOutDeletesTheSessionInRedisAndAnnouncesItsEndToPushService() throws Exception {
        List<String> announced = new CopyOnWriteArrayList<>();
        RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
        listener.setConnectionFactory(connections);
        listener.addMessageListener((message, pattern) -> announced.add(new String(message.getBody(), StandardCharsets.UTF_8)),
                new ChannelTopic(SessionEndings.channel("slotstream:session")));
        listener.afterPropertiesSet();
        listener.start();
        try {
            ApiClient client = registered(uniqueName("leaver"));
            String cookie = client.cookie("SESSION");
            assertThat(redis.hasKey(sessionKey(cookie))).isTrue();
            assertThat(client.post("/api/auth/logout", null).status()).isEqualTo(204);

            assertThat(redis.hasKey(sessionKey(cookie))).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> announced.contains(sessionId(cookie)));
            HttpResponse<String> replayed = RAW.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/me"))
                    .header("Cookie", "SESSION=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(replayed.statusCode()).isEqualTo(401);
        } finally {
            listener.stop();
            listener.destroy();
        }
    }

    @Test
    void repeatedFailedSignInsOfOneAccountAreRefusedWith429FromAnyAddressEvenWithTheRightPassword() {
        String username = uniqueName("target");
        registered(username);
        for (int i = 0; i < 3; i++) {
            Answer wrong = browser().post("/api/auth/login", Map.of("username", username, "password", "wrong password " + i),
                    Map.of("X-Forwarded-For", someAddress()));
            assertProblem(wrong, 401, "Sign-in failed");
        }
        Answer limited = browser().post("/api/auth/login", Map.of("username", username, "password", PASSWORD),
                Map.of("X-Forwarded-For", someAddress()));
        assertProblem(limited, 429, "Too many failed sign-ins for this account");
        assertThat(Long.parseLong(limited.header("retry-after"))).isBetween(1L, 15 * 60L);
        // the counter is per account: another account from another address is not affected
        String other = uniqueName("bystander");
        registered(other);
        assertThat(browser().post("/api/auth/login", Map.of("username", other, "password", PASSWORD),
                Map.of("X-Forwarded-For", someAddress())).status()).isEqualTo(200);
    }

    @Test
    void repeatedFailedSignInsFromOneAddressAreRefusedWith429WhateverTheAccount() {
        String address = someAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(browser().post("/api/auth/login", Map.of("username", uniqueName("nobody"), "password", "wrong password"),
                    Map.of("X-Forwarded-For", address)).status()).isEqualTo(401);
        }
        Answer limited = browser().post("/api/auth/login", Map.of("username", uniqueName("nobody"), "password", "wrong password"),
                Map.of("X-Forwarded-For", address));
        assertProblem(limited, 429, "Too many failed sign-ins from your address");
        assertThat(limited.header("retry-after")).isNotNull();
    }

    @Test
    void registrationsFromOneAddressAreLimited() {
        String address = someAddress();
        for (int i = 0; i < 4; i++) {
            assertThat(browser().post("/api/auth/register", newAccount(), Map.of("X-Forwarded-For", address)).status()).isEqualTo(201);
        }
        Answer limited = browser().post("/api/auth/register", newAccount(), Map.of("X-Forwarded-For", address));
        assertProblem(limited, 429, "Too many registrations from your address");
        assertThat(limited.header("retry-after")).isNotNull();
    }

    @Test
    void bookingRequestsOfOneAccountAreLimited() {
        ApiClient user = registered(uniqueName("flooder"));
        for (int i = 0; i < 5; i++) {
            assertThat(user.post("/api/bookings", Map.of("slotId", UUID.randomUUID().toString())).status()).isEqualTo(404);
        }
        Answer limited = user.post("/api/bookings", Map.of("slotId", UUID.randomUUID().toString()));
        assertProblem(limited, 429, "Too many booking requests");
        assertThat(limited.header("retry-after")).isNotNull();
        // another account is not held back by this one
        assertThat(registered(uniqueName("patient")).post("/api/bookings", Map.of("slotId", UUID.randomUUID().toString())).status())
                .isEqualTo(404);
    }

    @Test
    void passwordsAreStoredWithTheDelegatingEncodersBcrypt() {
        String username = uniqueName("hashed");
        registered(username);
        String hash = jdbc.sql("select password_hash from users where username = :u").param("u", username).query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(PASSWORD);
    }

    @Test
    void apiAnswersCarrySecurityHeaders() {
        Answer answer = browser().get("/api/categories");
        assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(answer.header("x-frame-options")).isEqualTo("DENY");
        assertThat(answer.header("content-security-policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(answer.header("referrer-policy")).isEqualTo("no-referrer");
        assertThat(answer.header("cache-control")).contains("no-store");
    }

    static Map<String, String> newAccount() {
        String username = uniqueName("reg");
        return Map.of("username", username, "email", username + "@example.test", "password", PASSWORD);
    }

    static String sessionCookieOf(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String setCookie = answer.header("set-cookie");
        assertThat(setCookie).contains("SESSION=");
        String fromSession = setCookie.substring(setCookie.indexOf("SESSION="));
        int end = fromSession.indexOf(',');
        return end < 0 ? fromSession : fromSession.substring(0, end);
    }
}
