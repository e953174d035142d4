package io.slotstream.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client that does not know whether its request arrived sends it again under the same {@code Idempotency-Key}:
 * five times at once, or again after its own timeout. One booking results, every answer names it, and the key
 * reused for a different body is refused with 422 without writing anything.
 */
class ClientRetryIntegrationTests extends ReliabilityTestBase {

    @Test
    void fiveParallelSendsWithOneKeyMakeOneBooking() throws Exception {
        UUID slot = createSlot(admin(), daysAhead(3), 1, 1);
        ApiClient user = signedInUser();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Answer>> sends = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sends.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return user.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", "parallel-1"));
            }));
        }
        start.countDown();
        List<Answer> answers = sends.stream().map(CompletableFuture::join).toList();

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(202));
        Set<String> ids = answers.stream().map(a -> a.json().get("id").asString()).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        assertThat(bookingsOf(slot)).isEqualTo(1);
        assertThat(jdbc.sql("select id::text from bookings where slot_id = :s").param("s", slot).query(String.class).single())
                .isEqualTo(ids.iterator().next());
    }

    @Test
    void aRetryAfterTheClientTimedOutGetsTheBookingTheFirstAttemptMade() throws Exception {
        UUID slot = createSlot(admin(), daysAhead(4), 1, 1);
        ApiClient user = signedInUser();
        user.get("/api/auth/csrf");

        // the first attempt waits for a decision that never comes (no stream processor here); the client gives up
        // after one second, as a browser on a bad network would, not knowing whether the request was accepted
        HttpRequest first = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/bookings"))
                .timeout(Duration.ofSeconds(1))
                .header("Content-Type", "application/json")
                .header("Cookie", "SESSION=" + user.cookie("SESSION") + "; XSRF-TOKEN=" + user.csrfToken())
                .header("X-XSRF-TOKEN", user.csrfToken())
                .header("Idempotency-Key", "timeout-1")
                .header("Prefer", "wait=5")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slotId\":\"" + slot + "\"}"))
                .build();
        HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> impatient.send(first, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        // the retries: one at once, then four together; every one names the single booking
        List<Answer> answers = new ArrayList<>();
        answers.add(user.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", "timeout-1")));
        List<CompletableFuture<Answer>> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(CompletableFuture.supplyAsync(() ->
                    user.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", "timeout-1"))));
        }
        more.forEach(f -> answers.add(f.join()));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(202));
        assertThat(answers.stream().map(a -> a.json().get("id").asString()).distinct()).hasSize(1);
        assertThat(bookingsOf(slot)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentBodyIsRefusedWith422AndWritesNothing() {
        ApiClient admin = admin();
        UUID slot = createSlot(admin, daysAhead(5), 1, 1);
        UUID other = createSlot(admin, daysAhead(6), 1, 1);
        ApiClient user = signedInUser();
        assertThat(user.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", "body-1")).status())
                .isEqualTo(202);
        Map<String, Long> before = rowCounts();

        List<Answer> refused = List.of(
                user.post("/api/bookings", Map.of("slotId", other.toString()), Map.of("Idempotency-Key", "body-1")),
                // a slot that does not exist: the key's first use decides the answer, not the new body
                user.post("/api/bookings", Map.of("slotId", UUID.randomUUID().toString()), Map.of("Idempotency-Key", "body-1")));
        assertThat(refused).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(422);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.json().get("title").asString()).isEqualTo("Idempotency-Key reused");
        });
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(bookingsOf(other)).isZero();
        // and the key still answers for its own body
        assertThat(user.post("/api/bookings", Map.of("slotId", slot.toString()), Map.of("Idempotency-Key", "body-1")).status())
                .isEqualTo(202);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
