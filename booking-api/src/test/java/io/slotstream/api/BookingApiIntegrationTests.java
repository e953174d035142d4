package io.slotstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.CancellationReason;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotOpened;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * booking-api against real PostgreSQL, Redis and Kafka, with the test in the stream processor's place: it reads the
 * commands the outbox publishes and writes the decisions the API applies.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "slotstream.accounts.admin.username=root",
            "slotstream.accounts.admin.password=admin-password-1",
            "slotstream.outbox.idle-poll=20ms",
            "slotstream.decisions.group-id=api-it-decisions",
            // Spring Boot switches metric export off in tests; this test reads the Prometheus endpoint
            "management.prometheus.metrics.export.enabled=true"
        })
class BookingApiIntegrationTests {

    static final ServerEndpoints servers = SharedServers.withFreshDatabase("booking_api_it");
    static ProcessorStandIn processor;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void standInForTheProcessor() {
        processor = new ProcessorStandIn(servers);
    }

    @AfterAll
    static void closeTheStandIn() {
        processor.close();
    }

    ApiClient browser() {
        return new TestUsers(port).browser();
    }

    ApiClient signedInUser() {
        return new TestUsers(port).signedInUser();
    }

    ApiClient admin() {
        return new TestUsers(port).admin();
    }

    UUID createSlot(ApiClient admin, Instant startsAt, int capacity) {
        Answer created = admin.post("/api/admin/timeslots", Map.of(
                "categoryId", 1, "startsAt", startsAt.toString(), "endsAt", startsAt.plus(Duration.ofHours(1)).toString(),
                "capacity", capacity));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    <T extends BookingCommand> T awaitCommand(Class<T> type, java.util.function.Predicate<T> matching) {
        return processor.awaitCommand(type, matching);
    }

    void decide(BookingEvent event) throws Exception {
        processor.decide(event);
    }

    String statusOf(ApiClient client, UUID bookingId) {
        return client.get("/api/bookings/" + bookingId).json().get("status").asString();
    }

    static Instant tomorrow() {
        return Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
    }

    @Test
    void aNewcomerRegistersSeesThemselvesAndSignsOut() {
        ApiClient client = browser();
        Answer registered = client.register("newcomer", "a long enough password");
        assertThat(registered.status()).isEqualTo(201);
        assertThat(client.cookie("SESSION")).isNotNull();
        Answer me = client.get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo("newcomer");
        assertThat(me.json().get("roles").toString()).contains("USER").doesNotContain("ADMIN");

        assertThat(client.post("/api/auth/logout", null).status()).isEqualTo(204);
        Answer afterLogout = client.get("/api/auth/me");
        assertThat(afterLogout.status()).isEqualTo(401);
        assertThat(afterLogout.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhetherTheAccountExists() {
        ApiClient client = browser();
        client.register("careful", "the right password");
        Answer wrongPassword = browser().signIn("careful", "not the password");
        Answer noAccount = browser().signIn("nobody-" + UUID.randomUUID(), "not the password");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(noAccount.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail")).isEqualTo(noAccount.json().get("detail"));
    }

    @Test
    void theSessionIdChangesAtSignIn() {
        ApiClient client = browser();
        client.register("fixation", "a long enough password");
        client.post("/api/auth/logout", null);
        client.get("/api/auth/csrf");
        client.get("/api/auth/me");
        String before = client.cookie("SESSION");
        assertThat(client.signIn("fixation", "a long enough password").status()).isEqualTo(200);
        assertThat(client.cookie("SESSION")).isNotNull().isNotEqualTo(before);
    }

    @Test
    void aStateChangingRequestWithoutTheCsrfTokenIsRefused() {
        ApiClient client = browser();
        client.get("/api/auth/csrf");
        Answer refused = client.post("/api/auth/register",
                Map.of("username", "csrf-victim", "email", "victim@example.test", "password", "a long enough password"),
                Map.of("X-XSRF-TOKEN", "forged"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("title").asString()).contains("CSRF");
        assertThat(jdbc.sql("select count(*) from users where username = 'csrf-victim'").query(Long.class).single()).isZero();
    }

    @Test
    void aBookingIsPendingThenFollowsTheDecisionsAppliedOnceEach() throws Exception {
        ApiClient admin = admin();
        UUID slotId = createSlot(admin, tomorrow().plus(Duration.ofHours(1)), 1);
        SlotOpened opened = awaitCommand(SlotOpened.class, c -> c.slotId().equals(slotId));
        assertThat(opened.capacity()).isEqualTo(1);

        ApiClient alice = signedInUser();
        Answer requested = alice.post("/api/bookings", Map.of("slotId", slotId.toString()), Map.of("Idempotency-Key", "alice-1"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        assertThat(requested.json().get("status").asString()).isEqualTo("PENDING");
        UUID bookingId = UUID.fromString(requested.json().get("id").asString());
        assertThat(requested.header("location")).isEqualTo("/api/bookings/" + bookingId);

        BookingRequested command = awaitCommand(BookingRequested.class, c -> c.bookingId().equals(bookingId));
        assertThat(command.slotId()).isEqualTo(slotId);
        assertThat(jdbc.sql("select count(*) from outbox").query(Long.class).single()).isZero();

        BookingConfirmed confirmed = new BookingConfirmed(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId());
        decide(confirmed);
        await().atMost(Duration.ofSeconds(15)).until(() -> statusOf(alice, bookingId).equals("CONFIRMED"));
        JsonNode view = alice.get("/api/bookings/" + bookingId).json();
        assertThat(view.get("availability").get("booked").asInt()).isEqualTo(1);
        assertThat(view.get("availability").get("available").asInt()).isZero();

        Answer again = alice.post("/api/bookings", Map.of("slotId", slotId.toString()), Map.of("Idempotency-Key", "alice-2"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("title").asString()).isEqualTo("Already booked by you");

        Answer cancel = alice.delete("/api/bookings/" + bookingId);
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().get("cancelRequestedAt").isNull()).isFalse();
        awaitCommand(BookingCancellationRequested.class, c -> c.bookingId().equals(bookingId));
        decide(new BookingCancelled(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId(), CancellationReason.REQUESTED));
        await().atMost(Duration.ofSeconds(15)).until(() -> statusOf(alice, bookingId).equals("CANCELLED"));

        // a late redelivery of the confirmation changes nothing
        decide(confirmed);
        Thread.sleep(500);
        assertThat(statusOf(alice, bookingId)).isEqualTo("CANCELLED");
    }

    @Test
    void aRejectedBookingSaysWhyAndCarriesTheSlotsAvailability() throws Exception {
        UUID slotId = createSlot(admin(), tomorrow().plus(Duration.ofHours(2)), 1);
        ApiClient bob = signedInUser();
        Answer requested = bob.post("/api/bookings", Map.of("slotId", slotId.toString()), Map.of("Idempotency-Key", "bob-1"));
        UUID bookingId = UUID.fromString(requested.json().get("id").asString());
        BookingRequested command = awaitCommand(BookingRequested.class, c -> c.bookingId().equals(bookingId));
        decide(new BookingRejected(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId(), RejectionReason.SLOT_TAKEN, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> statusOf(bob, bookingId).equals("REJECTED"));

        JsonNode view = bob.get("/api/bookings/" + bookingId).json();
        assertThat(view.get("reason").asString()).isEqualTo("SLOT_TAKEN");
        assertThat(view.get("message").asString()).isEqualTo(RejectionReason.SLOT_TAKEN.message());
        assertThat(view.get("availability").get("capacity").asInt()).isEqualTo(1);

        Answer replayed = bob.post("/api/bookings", Map.of("slotId", slotId.toString()),
                Map.of("Idempotency-Key", "bob-1", "Prefer", "wait=2"));
        assertThat(replayed.status()).isEqualTo(409);
        assertThat(replayed.contentType()).startsWith("application/problem+json");
        assertThat(replayed.json().get("reason").asString()).isEqualTo("SLOT_TAKEN");
        assertThat(replayed.json().get("detail").asString()).isEqualTo(RejectionReason.SLOT_TAKEN.message());
        assertThat(replayed.json().get("availability").get("available").asInt()).isEqualTo(1);
    }

    @Test
    void preferWaitAnswersCreatedWhenTheDecisionArrivesInTime() throws Exception {
        UUID slotId = createSlot(admin(), tomorrow().plus(Duration.ofHours(3)), 1);
        ApiClient carol = signedInUser();
        CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> carol.post(
                "/api/bookings", Map.of("slotId", slotId.toString()), Map.of("Idempotency-Key", "carol-1", "Prefer", "wait=10")));
        BookingRequested command = awaitCommand(BookingRequested.class, c -> c.slotId().equals(slotId));
        decide(new BookingConfirmed(UUID.randomUUID(), Instant.now(), slotId, command.bookingId(), command.userId()));
        Answer decided = answer.get();
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);
        assertThat(decided.json().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(decided.header("preference-applied")).isEqualTo("wait=10");
    }

    @Test
    void retriesWithOneIdempotencyKeyMakeOneBookingAndAnotherSlotUnderThatKeyIsRefused() {
        ApiClient admin = admin();
        UUID slotId = createSlot(admin, tomorrow().plus(Duration.ofHours(4)), 1);
        UUID otherSlot = createSlot(admin, tomorrow().plus(Duration.ofHours(5)), 1);
        ApiClient dave = signedInUser();
        List<CompletableFuture<Answer>> retries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            retries.add(CompletableFuture.supplyAsync(() -> dave.post(
                    "/api/bookings", Map.of("slotId", slotId.toString()), Map.of("Idempotency-Key", "dave-once"))));
        }
        List<Answer> answers = retries.stream().map(CompletableFuture::join).toList();
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(202));
        assertThat(answers.stream().map(a -> a.json().get("id").asString()).collect(Collectors.toSet())).hasSize(1);
        assertThat(jdbc.sql("select count(*) from bookings where slot_id = :s").param("s", slotId).query(Long.class).single())
                .isEqualTo(1);

        Answer reused = dave.post("/api/bookings", Map.of("slotId", otherSlot.toString()), Map.of("Idempotency-Key", "dave-once"));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("title").asString()).isEqualTo("Idempotency-Key reused");
    }

    @Test
    void badRequestsGetClearProblemsAndWriteNothing() {
        ApiClient erin = signedInUser();
        long bookingsBefore = jdbc.sql("select count(*) from bookings").query(Long.class).single();

        Answer unknownSlot = erin.post("/api/bookings", Map.of("slotId", UUID.randomUUID().toString()));
        assertProblem(unknownSlot, 404, "Unknown slot");
        assertProblem(erin.sendRaw("POST", "/api/bookings", "{\"slotId\": ", Map.of()), 400, "Invalid request body");
        assertThat(erin.sendRaw("POST", "/api/bookings", "{\"slotId\": ", Map.of()).json().get("detail").asString())
                .isEqualTo("The body is not valid JSON.");
        Answer wrongType = erin.sendRaw("POST", "/api/bookings", "{\"slotId\": 42}", Map.of());
        assertProblem(wrongType, 400, "Invalid request body");
        Answer notAUuid = erin.sendRaw("POST", "/api/bookings", "{\"slotId\": \"tomorrow\"}", Map.of());
        assertProblem(notAUuid, 400, "Invalid request body");
        assertThat(notAUuid.json().get("detail").asString()).contains("slotId");
        Answer missing = erin.sendRaw("POST", "/api/bookings", "{}", Map.of());
        assertProblem(missing, 400, "Invalid request");
        assertThat(missing.json().get("detail").asString()).contains("slotId");
        Answer unknownField = erin.sendRaw("POST", "/api/bookings", "{\"slotId\": \"" + UUID.randomUUID() + "\", \"seats\": 3}", Map.of());
        assertProblem(unknownField, 400, "Invalid request body");
        assertThat(unknownField.json().get("detail").asString()).isEqualTo("Unknown field 'seats'.");
        Answer huge = erin.sendRaw("POST", "/api/bookings", "{\"slotId\": \"" + "x".repeat(100_000) + "\"}", Map.of());
        assertProblem(huge, 413, "Request body too large");
        assertProblem(erin.get("/api/bookings/not-a-uuid"), 400, "Invalid parameter");
        assertProblem(erin.get("/api/timeslots?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "Invalid window");
        assertProblem(erin.get("/api/timeslots?from=yesterday&to=2026-01-01T00:00:00Z"), 400, "Invalid parameter");

        assertThat(jdbc.sql("select count(*) from bookings").query(Long.class).single()).isEqualTo(bookingsBefore);
    }

    @Test
    void deletedAndPastSlotsCannotBeBooked() {
        ApiClient admin = admin();
        UUID deleted = createSlot(admin, tomorrow().plus(Duration.ofHours(6)), 1);
        assertThat(admin.delete("/api/admin/timeslots/" + deleted).status()).isEqualTo(204);
        assertThat(admin.delete("/api/admin/timeslots/" + deleted).status()).isEqualTo(404);
        UUID past = UUID.randomUUID();
        jdbc.sql("insert into time_slots (id, category_id, starts_at, ends_at) values (:id, 1, now() - interval '2 hours', now() - interval '1 hour')")
                .param("id", past)
                .update();

        ApiClient frank = signedInUser();
        assertProblem(frank.post("/api/bookings", Map.of("slotId", deleted.toString())), 410, "Slot deleted");
        assertProblem(frank.post("/api/bookings", Map.of("slotId", past.toString())), 409, "Slot in the past");
    }

    @Test
    void someoneElsesBookingIsInvisibleAndCannotBeCancelled() {
        UUID slotId = createSlot(admin(), tomorrow().plus(Duration.ofHours(7)), 1);
        ApiClient owner = signedInUser();
        String bookingId = owner.post("/api/bookings", Map.of("slotId", slotId.toString())).json().get("id").asString();
        ApiClient stranger = signedInUser();
        Answer read = stranger.get("/api/bookings/" + bookingId);
        Answer cancel = stranger.delete("/api/bookings/" + bookingId);
        Answer unknown = stranger.get("/api/bookings/" + UUID.randomUUID());
        assertProblem(read, 404, "Unknown booking");
        assertProblem(cancel, 404, "Unknown booking");
        assertThat(read.json().get("detail").asString().replace(bookingId, "ID"))
                .isEqualTo(unknown.json().get("detail").asString().replaceAll("[0-9a-f-]{36}", "ID"));
        assertThat(stranger.get("/api/user/bookings").json().toString()).doesNotContain(bookingId);
        assertThat(owner.get("/api/user/bookings").json().toString()).contains(bookingId);
        assertThat(admin().get("/api/bookings/" + bookingId).status()).isEqualTo(200);
    }

    @Test
    void aUserIsDeniedEveryAdminEndpoint() {
        ApiClient user = signedInUser();
        String slot = "{\"categoryId\":1,\"startsAt\":\"2030-01-01T10:00:00Z\",\"endsAt\":\"2030-01-01T11:00:00Z\"}";
        List<Answer> answers = List.of(
                user.sendRaw("POST", "/api/admin/timeslots", slot, Map.of()),
                user.sendRaw("POST", "/api/admin/timeslots/batch", "{\"slots\":[" + slot + "]}", Map.of()),
                user.sendRaw("POST", "/api/admin/timeslots/recurring", "{}", Map.of()),
                user.delete("/api/admin/timeslots/" + UUID.randomUUID()),
                user.sendRaw("POST", "/api/admin/categories", "{\"name\":\"x\",\"color\":\"#000000\"}", Map.of()),
                user.sendRaw("PUT", "/api/admin/categories/1", "{\"name\":\"x\",\"color\":\"#000000\"}", Map.of()),
                user.delete("/api/admin/categories/1"),
                user.get("/api/admin/bookings"));
        assertThat(answers).allSatisfy(a -> assertProblem(a, 403, "Not allowed"));
        assertThat(browser().get("/api/admin/bookings").status()).isEqualTo(401);
    }

    @Test
    void anAdminCreatesAWeeklySeriesThatTheCalendarShows() {
        ApiClient admin = admin();
        java.time.LocalDate monday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(7)
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
        Answer series = admin.post("/api/admin/timeslots/recurring", Map.of(
                "categoryId", 2, "firstDate", monday.toString(), "lastDate", monday.plusDays(13).toString(),
                "daysOfWeek", List.of("MONDAY", "WEDNESDAY"), "startTime", "09:00", "endTime", "10:30",
                "zone", "Europe/Oslo", "capacity", 3));
        assertThat(series.status()).as(series.body()).isEqualTo(201);
        assertThat(series.json().size()).isEqualTo(4);

        Instant from = monday.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Answer window = browser().get("/api/timeslots?categoryId=2&from=" + from + "&to=" + from.plus(Duration.ofDays(14)));
        assertThat(window.status()).isEqualTo(200);
        assertThat(window.json().size()).isEqualTo(4);
        JsonNode first = window.json().get(0);
        assertThat(first.get("capacity").asInt()).isEqualTo(3);
        assertThat(first.get("available").asInt()).isEqualTo(3);
        assertThat(java.time.ZonedDateTime.ofInstant(Instant.parse(first.get("startsAt").asString()), java.time.ZoneId.of("Europe/Oslo"))
                        .toLocalTime())
                .isEqualTo(java.time.LocalTime.of(9, 0));

        Answer days = browser().get("/api/availability?zone=Europe/Oslo&from=" + from + "&to=" + from.plus(Duration.ofDays(14)));
        assertThat(days.status()).isEqualTo(200);
        assertThat(days.json().toString()).contains("\"categoryId\":2");
        assertProblem(admin.post("/api/admin/timeslots/recurring", Map.of(
                "categoryId", 2, "firstDate", monday.toString(), "lastDate", monday.minusDays(1).toString(),
                "daysOfWeek", List.of("MONDAY"), "startTime", "09:00", "endTime", "10:00", "zone", "UTC")), 422, "Invalid date range");
        assertProblem(admin.post("/api/admin/timeslots", Map.of(
                "categoryId", 1, "startsAt", "2030-01-01T10:00:00Z", "endsAt", "2030-01-01T09:00:00Z")), 422, "Slot ends before it starts");
        assertProblem(admin.post("/api/admin/timeslots", Map.of(
                "categoryId", 1, "startsAt", "2030-01-01T10:00:00Z", "endsAt", "2030-01-01T11:00:00Z", "capacity", -1)), 400, "Invalid request");
    }

    @Test
    void theOpenApiDocumentDescribesTheBookingEndpoints() {
        Answer document = browser().get("/v3/api-docs");
        assertThat(document.status()).isEqualTo(200);
        JsonNode paths = document.json().get("paths");
        assertThat(paths.has("/api/bookings")).isTrue();
        assertThat(paths.has("/api/timeslots")).isTrue();
        assertThat(paths.has("/api/admin/timeslots/recurring")).isTrue();
    }

    @Test
    void prometheusShowsRequestsTheOutboxAndConsumerLag() {
        browser().get("/api/categories");
        Answer metrics = browser().send("GET", "/actuator/prometheus", null, Map.of("Accept", "text/plain"));
        assertThat(metrics.status()).as(metrics.headers() + metrics.body()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("http_server_requests_seconds")
                .contains("slotstream_outbox_relayed_total")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(browser().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
    }

    static void assertProblem(Answer answer, int status, String title) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asString()).isEqualTo(title);
        assertThat(answer.json().get("detail").asString()).isNotBlank();
    }
}
