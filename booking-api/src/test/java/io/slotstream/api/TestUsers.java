package io.slotstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.time.Duration;
import java.util.UUID;

/**
 * The people of booking-api's integration tests, each with a browser of their own (cookies and the CSRF token): a
 * visitor, a newly registered user, and the first admin the tests start booking-api with
 * ({@code slotstream.accounts.admin.username/password}).
 */
public final class TestUsers {

    /** The first admin every integration test's application context is started with. */
    public static final String ADMIN_USERNAME = "root";
    public static final String ADMIN_PASSWORD = "admin-password-1";

    private final String baseUrl;

    public TestUsers(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /** Nobody signed in. */
    public ApiClient browser() {
        return new ApiClient(baseUrl);
    }

    /** A person registered just now under a fresh name, signed in. */
    public ApiClient signedInUser() {
        ApiClient client = browser();
        Answer registered = client.register("user-" + UUID.randomUUID().toString().substring(0, 8), "correct horse battery");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return client;
    }

    /**
     * The admin, signed in. On a machine loaded far beyond its cores the first connection to Redis can time out and
     * sign-in then answers 503 (what DependencyOutageIntegrationTests tests); a person would simply try again.
     */
    public ApiClient admin() {
        ApiClient client = browser();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.signIn(ADMIN_USERNAME, ADMIN_PASSWORD).status() == 200);
        return client;
    }
}
