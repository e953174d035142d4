package io.slotstream.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.userdetails.User;
import tools.jackson.databind.JsonNode;

/**
 * Sign-in with Google and GitHub through the whole redirect flow, driven by a real HTTP client that follows each
 * redirect itself: booking-api's authorization redirect (state, PKCE, nonce), the provider's authorize endpoint,
 * the callback, the token exchange and user info (made by booking-api itself), and the session in Redis.
 */
class OAuthSignInIntegrationTests extends SecurityTestBase {

    /** What one pass through the redirects showed. */
    record Flow(Map<String, String> authorizationRequest, String sessionBefore, String landing) {}

    @BeforeEach
    void forgetEarlierProviderRequests() throws Exception {
        googleRequests();
    }

    Flow signInWithGoogle(ApiClient client, String subject, Map<String, Object> claims) {
        google.enqueueCallback(new DefaultOAuth2TokenCallback(GOOGLE, subject, "JWT", List.of(GOOGLE_CLIENT_ID), claims, 3600));
        return flow(client, GOOGLE);
    }

    Flow signInWithGitHub(ApiClient client, FakeGitHub.User user) {
        github.willSignIn(user);
        return flow(client, "github");
    }

    /** Follows the redirects by hand, as a browser would, checking each hop. */
    Flow flow(ApiClient client, String provider) {
        Answer start = client.get("/oauth2/authorization/" + provider);
        assertThat(start.status()).as(start.body()).isEqualTo(302);
        String authorize = start.header("location");
        Map<String, String> query = FakeGitHub.parse(URI.create(authorize).getRawQuery());
        String sessionBefore = client.cookie("SESSION");

        Answer atProvider = client.get(authorize);
        assertThat(atProvider.status()).as(atProvider.body()).isEqualTo(302);
        String callback = atProvider.header("location");
        assertThat(callback).startsWith("http://127.0.0.1:" + port + "/login/oauth2/code/" + provider + "?");

        Answer back = client.get(callback);
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        return new Flow(query, sessionBefore, back.header("location"));
    }

    static Map<String, Object> googleClaims(String email, boolean verified) {
        return Map.of("email", email, "email_verified", verified, "given_name", "Gina", "name", "Gina Google");
    }

    static String subject() {
        return "g-" + UUID.randomUUID();
    }

    static List<RecordedRequest> googleRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        while (true) {
            try {
                requests.add(google.takeRequest(200, TimeUnit.MILLISECONDS));
            } catch (RuntimeException none) {
                // mock-oauth2-server says "no request found in queue within timeout": all are taken
                return requests;
            }
        }
    }

    static String s256(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    @Test
    void googleSignInRunsTheWholeFlowAndLandsInTheAppWithARedisSessionLikeAPasswordSignIn() throws Exception {
        ApiClient client = browser();
        String email = uniqueName("gina") + "@gmail.test";
        Flow flow = signInWithGoogle(client, subject(), googleClaims(email, true));

        Map<String, String> request = flow.authorizationRequest();
        assertThat(request).containsKeys("state", "nonce", "code_challenge")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("response_type", "code")
                .containsEntry("client_id", GOOGLE_CLIENT_ID)
                .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/login/oauth2/code/google");
        assertThat(request.get("scope").split(" ")).contains("openid", "email", "profile");
        assertThat(request.get("state")).hasSizeGreaterThanOrEqualTo(20);

        List<RecordedRequest> atGoogle = googleRequests();
        RecordedRequest token = atGoogle.stream().filter(r -> r.getPath().endsWith("/token")).findFirst().orElseThrow();
        Map<String, String> form = FakeGitHub.parse(token.getBody().readUtf8());
        assertThat(form).containsEntry("grant_type", "authorization_code").containsKey("code");
        assertThat(s256(form.get("code_verifier"))).isEqualTo(request.get("code_challenge"));
        assertThat(atGoogle).anySatisfy(r -> assertThat(r.getPath()).endsWith("/userinfo"));
        assertThat(atGoogle).anySatisfy(r -> assertThat(r.getPath()).endsWith("/jwks"));

        assertThat(flow.landing()).isEqualTo(app("/"));
        String session = client.cookie("SESSION");
        assertThat(session).isNotNull().isNotEqualTo(flow.sessionBefore());
        assertThat(redis.hasKey(sessionKey(session))).isTrue();
        assertThat(redis.hasKey(sessionKey(flow.sessionBefore()))).isFalse();

        JsonNode me = client.get("/api/auth/me").json();
        assertThat(me.get("email").asString()).isEqualTo(email);
        assertThat(me.get("emailVerified").asBoolean()).isTrue();
        assertThat(me.get("hasPassword").asBoolean()).isFalse();
        assertThat(me.get("providers").toString()).isEqualTo("[\"google\"]");
        assertThat(me.get("roles").toString()).isEqualTo("[\"USER\"]");

        // the session holds what a password sign-in leaves, readable with spring-security-core alone (push-service)
        SecurityContext context = (SecurityContext) sessionAttribute(session, "sessionAttr:SPRING_SECURITY_CONTEXT");
        assertThat(context.getAuthentication()).isInstanceOf(UsernamePasswordAuthenticationToken.class);
        assertThat(context.getAuthentication().getPrincipal()).isInstanceOf(User.class);
        assertThat(context.getAuthentication().getName()).isEqualTo(me.get("id").asString());
        for (Object field : redis.opsForHash().keys(sessionKey(session))) {
            if (field.toString().startsWith("sessionAttr:")) {
                Object value = sessionAttribute(session, field.toString());
                assertThat(value == null ? "" : value.getClass().getName()).doesNotContain("oauth2");
            }
        }
    }

    @Test
    void aSecondGoogleSignInOfTheSameSubjectFindsTheSameAccountWhateverItsEmailNowIs() {
        String subject = subject();
        ApiClient first = browser();
        signInWithGoogle(first, subject, googleClaims(uniqueName("same") + "@gmail.test", true));
        String id = first.get("/api/auth/me").json().get("id").asString();

        ApiClient again = browser();
        Flow flow = signInWithGoogle(again, subject, googleClaims(uniqueName("changed") + "@gmail.test", true));
        assertThat(flow.landing()).isEqualTo(app("/"));
        assertThat(again.get("/api/auth/me").json().get("id").asString()).isEqualTo(id);
    }

    @Test
    void gitHubSignInRunsTheWholeFlowAndReadsThePrivatePrimaryEmail() throws Exception {
        long githubId = Math.abs(UUID.randomUUID().getMostSignificantBits());
        String login = uniqueName("octo");
        ApiClient client = browser();
        Flow flow = signInWithGitHub(client, new FakeGitHub.User(githubId, login, List.of(
                FakeGitHub.email(login + "@old.test", false, true),
                FakeGitHub.email(login + "@users.test", true, true))));

        assertThat(flow.authorizationRequest()).containsKeys("state", "code_challenge")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("client_id", FakeGitHub.CLIENT_ID);
        Map<String, String> token = github.tokenRequests.get(github.tokenRequests.size() - 1);
        assertThat(s256(token.get("code_verifier"))).isEqualTo(flow.authorizationRequest().get("code_challenge"));
        assertThat(github.apiCalls).contains("/user", "/user/emails");

        assertThat(flow.landing()).isEqualTo(app("/"));
        String session = client.cookie("SESSION");
        assertThat(session).isNotEqualTo(flow.sessionBefore());
        assertThat(redis.hasKey(sessionKey(session))).isTrue();
        JsonNode me = client.get("/api/auth/me").json();
        assertThat(me.get("email").asString()).isEqualTo(login + "@users.test");
        assertThat(me.get("username").asString()).isEqualTo(login);
        assertThat(me.get("providers").toString()).isEqualTo("[\"github\"]");
        assertThat(jdbc.sql("select user_id from external_identities where provider = 'github' and subject = :s")
                        .param("s", Long.toString(githubId)).query(UUID.class).single().toString())
                .isEqualTo(me.get("id").asString());
    }

    @Test
    void aGitHubAccountWithoutAVerifiedPrimaryEmailGetsAnAccountWithoutEmail() {
        long githubId = Math.abs(UUID.randomUUID().getMostSignificantBits());
        ApiClient client = browser();
        String login = uniqueName("noemail");
        signInWithGitHub(client, new FakeGitHub.User(githubId, login, List.of(FakeGitHub.email(login + "@x.test", true, false))));
        JsonNode me = client.get("/api/auth/me").json();
        assertThat(me.get("email").isNull()).isTrue();
        assertThat(me.get("emailVerified").asBoolean()).isFalse();
    }

    @Test
    void aVerifiedProviderEmailJoinsAnAccountWhoseEmailIsVerifiedAndItsRolesHold() {
        ApiClient client = browser();
        Flow flow = signInWithGoogle(client, subject(), googleClaims("root@example.test", true));
        assertThat(flow.landing()).isEqualTo(app("/"));
        JsonNode me = client.get("/api/auth/me").json();
        assertThat(me.get("username").asString()).isEqualTo("root");
        assertThat(me.get("roles").toString()).contains("ADMIN");
        assertThat(client.get("/api/admin/bookings").status()).isEqualTo(200);
    }

    @Test
    void aVerifiedProviderEmailDoesNotJoinALocalAccountWhoseEmailNobodyVerified() {
        String username = uniqueName("alice");
        registered(username);
        String subject = subject();

        ApiClient attacker = browser();
        Flow flow = signInWithGoogle(attacker, subject, googleClaims(username + "@example.test", true));
        assertThat(flow.landing()).isEqualTo(app("/?authError=link-required"));
        assertThat(attacker.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(identityCount(GOOGLE, subject)).isZero();
    }

    @Test
    void anUnverifiedProviderEmailDoesNotJoinAnAccountWhoseEmailIsVerified() {
        String username = uniqueName("verified");
        registered(username);
        jdbc.sql("update users set email_verified = true where username = :u").param("u", username).update();
        String subject = subject();

        ApiClient attacker = browser();
        Flow flow = signInWithGoogle(attacker, subject, googleClaims(username + "@example.test", false));
        assertThat(flow.landing()).isEqualTo(app("/?authError=link-required"));
        assertThat(attacker.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(identityCount(GOOGLE, subject)).isZero();
    }

    @Test
    void aSignedInUserLinksAProviderAndThenSignsInWithIt() {
        String username = uniqueName("linker");
        ApiClient owner = registered(username);
        String id = owner.get("/api/auth/me").json().get("id").asString();
        String subject = subject();

        Answer start = owner.post("/api/auth/links/google", null);
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        assertThat(start.json().get("authorizationUrl").asString()).isEqualTo("/oauth2/authorization/google");
        // the provider's email differs from the account's: linking goes by the signed-in account, not by email
        Flow flow = signInWithGoogle(owner, subject, googleClaims(uniqueName("other") + "@gmail.test", false));
        assertThat(flow.landing()).isEqualTo(app("/?linked=google"));
        JsonNode me = owner.get("/api/auth/me").json();
        assertThat(me.get("id").asString()).isEqualTo(id);
        assertThat(me.get("providers").toString()).isEqualTo("[\"google\"]");

        ApiClient elsewhere = browser();
        signInWithGoogle(elsewhere, subject, googleClaims("whatever@gmail.test", false));
        assertThat(elsewhere.get("/api/auth/me").json().get("id").asString()).isEqualTo(id);
    }

    @Test
    void anIdentityLinkedToOneAccountCannotBeLinkedToAnother() {
        String subject = subject();
        ApiClient first = browser();
        signInWithGoogle(first, subject, googleClaims(uniqueName("first") + "@gmail.test", true));

        ApiClient bob = registered(uniqueName("bob"));
        String bobId = bob.get("/api/auth/me").json().get("id").asString();
        assertThat(bob.post("/api/auth/links/google", null).status()).isEqualTo(200);
        Flow flow = signInWithGoogle(bob, subject, googleClaims("x@gmail.test", true));
        assertThat(flow.landing()).isEqualTo(app("/?authError=identity-linked-to-another-account"));
        JsonNode me = bob.get("/api/auth/me").json();
        assertThat(me.get("id").asString()).isEqualTo(bobId);
        assertThat(me.get("providers").size()).isZero();
    }

    @Test
    void unlinkingIsRefusedWhenItWouldLeaveNoWayToSignIn() {
        long githubId = Math.abs(UUID.randomUUID().getMostSignificantBits());
        ApiClient client = browser();
        signInWithGitHub(client, new FakeGitHub.User(githubId, uniqueName("solo"), List.of()));

        assertProblem(client.delete("/api/auth/links/github"), 409, "Last way to sign in");
        assertThat(client.post("/api/auth/links/google", null).status()).isEqualTo(200);
        assertThat(signInWithGoogle(client, subject(), googleClaims(uniqueName("second") + "@gmail.test", true)).landing()).isEqualTo(app("/?linked=google"));
        assertThat(client.get("/api/auth/me").json().get("providers").toString()).isEqualTo("[\"github\",\"google\"]");

        assertThat(client.delete("/api/auth/links/github").status()).isEqualTo(204);
        assertProblem(client.delete("/api/auth/links/github"), 404, "Provider not linked");
        assertProblem(client.delete("/api/auth/links/google"), 409, "Last way to sign in");
        assertThat(client.get("/api/auth/me").json().get("providers").toString()).isEqualTo("[\"google\"]");

        ApiClient withPassword = registered(uniqueName("pw"));
        assertThat(withPassword.post("/api/auth/links/google", null).status()).isEqualTo(200);
        signInWithGoogle(withPassword, subject(), googleClaims(uniqueName("pw") + "@gmail.test", true));
        assertThat(withPassword.delete("/api/auth/links/google").status()).isEqualTo(204);
    }

    @Test
    void aCallbackWithAForgedStateSignsNobodyIn() {
        ApiClient client = browser();
        // no token callback is queued: with a forged state booking-api must not even ask for a token
        String authorize = client.get("/oauth2/authorization/google").header("location");
        String callback = client.get(authorize).header("location");
        Answer back = client.get(callback.replaceAll("state=[^&]+", "state=forged"));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("location")).isEqualTo(app("/?authError=provider-sign-in-failed"));
        assertThat(client.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(googleRequests()).noneSatisfy(r -> assertThat(r.getPath()).endsWith("/token"));
    }

    @Test
    void theProvidersEndpointOffersTheConfiguredProviders() {
        Answer providers = browser().get("/api/auth/providers");
        assertThat(providers.status()).isEqualTo(200);
        assertThat(providers.json().toString()).isEqualTo(
                "[{\"id\":\"google\",\"name\":\"Google\",\"authorizationUrl\":\"/oauth2/authorization/google\"},"
                        + "{\"id\":\"github\",\"name\":\"GitHub\",\"authorizationUrl\":\"/oauth2/authorization/github\"}]");
        assertProblem(registered(uniqueName("nolink")).post("/api/auth/links/facebook", null), 404, "Unknown provider");
    }

    /** Where the app is: the redirect after sign-in is made absolute by the server. */
    String app(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    long identityCount(String provider, String subject) {
        return jdbc.sql("select count(*) from external_identities where provider = :p and subject = :s")
                .param("p", provider).param("s", subject).query(Long.class).single();
    }

    Object sessionAttribute(String cookie, String field) throws Exception {
        byte[] raw = redis.execute((org.springframework.data.redis.core.RedisCallback<byte[]>) connection -> connection.hashCommands()
                .hGet(sessionKey(cookie).getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8)));
        assertThat(raw).as(field).isNotNull();
        if (raw.length == 0) {
            return null; // Spring Session writes a removed attribute as an empty value
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(raw))) {
            return in.readObject();
        }
    }
}
