package io.slotstream.api.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slotstream.api.ProcessorStandIn;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingCommand;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.CancellationReason;
import io.slotstream.events.HoldConfirmationRequested;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.WaitlistPositionChanged;
import io.slotstream.api.TestUsers;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Holds, the waitlist, per-user limits, the capacity guard and the booking history, against real PostgreSQL,
 * Redis and Kafka, with the test in the stream processor's place: it reads the commands and writes the decisions.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "slotstream.accounts.admin.username=root",
            "slotstream.accounts.admin.password=admin-password-1",
            "slotstream.outbox.idle-poll=20ms",
            "slotstream.decisions.group-id=api-holds-it-decisions",
            "slotstream.bookings.zone=Pacific/Auckland"
        })
class HoldsWaitlistHistoryIntegrationTests {

    static final ServerEndpoints servers = SharedServers.withFreshDatabase("booking_api_holds_it");
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

    UUID createSlot(ApiClient admin, long categoryId, Instant startsAt, int capacity) {
        Answer created = admin.post("/api/admin/timeslots", Map.of(
                "categoryId", categoryId, "startsAt", startsAt.toString(),
                "endsAt", startsAt.plus(Duration.ofHours(1)).toString(), "capacity", capacity));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    <T extends BookingCommand> T awaitCommand(Class<T> type, java.util.function.Predicate<T> matching) {
        return processor.awaitCommand(type, matching);
    }

    void decide(BookingEvent event) throws Exception {
        processor.decide(event);
    }

    static JsonNode awaitStatus(ApiClient client, UUID bookingId, String status) {
        List<JsonNode> view = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode json = client.get("/api/bookings/" + bookingId).json();
            view.add(0, json);
            return json.get("status").asString().equals(status);
        });
        return view.get(0);
    }

    static Instant inDays(int days, int hour) {
        return Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(hour));
    }

    UUID request(ApiClient client, UUID slotId, Map<String, Object> body) {
        Answer answer = client.post("/api/bookings", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return UUID.fromString(answer.json().get("id").asString());
    }

    List<String> whats(ApiClient client, UUID bookingId) {
        Answer history = client.get("/api/bookings/" + bookingId + "/history");
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        List<String> whats = new ArrayList<>();
        history.json().forEach(entry -> whats.add(entry.get("what").asString()));
        return whats;
    }

    @Test
    void theDatabaseRefusesAConfirmationOrHoldBeyondTheSlotsCapacity() {
        UUID slotId = createSlot(admin(), 1, inDays(3, 9), 2);
        List<UUID> bookings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID bookingId = request(signedInUser(), slotId, Map.of("slotId", slotId.toString()));
            bookings.add(bookingId);
        }
        String decide = "update bookings set status = :status where id = :id";
        jdbc.sql(decide).param("status", "CONFIRMED").param("id", bookings.get(0)).update();
        jdbc.sql(decide).param("status", "HELD").param("id", bookings.get(1)).update();
        assertThat(jdbc.sql("select taken from time_slots where id = :id").param("id", slotId).query(Integer.class).single())
                .isEqualTo(2);

        // a third place in a slot of two: refused whether it comes as a confirmation or as a hold
        assertThatThrownBy(() -> jdbc.sql(decide).param("status", "CONFIRMED").param("id", bookings.get(2)).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("time_slots_taken_within_capacity");
        assertThatThrownBy(() -> jdbc.sql(decide).param("status", "HELD").param("id", bookings.get(2)).update())
                .isInstanceOf(DataIntegrityViolationException.class);

        // a hold turning into a booking keeps its place; a cancellation frees one, and then the third fits
        jdbc.sql(decide).param("status", "CONFIRMED").param("id", bookings.get(1)).update();
        jdbc.sql(decide).param("status", "CANCELLED").param("id", bookings.get(0)).update();
        jdbc.sql(decide).param("status", "CONFIRMED").param("id", bookings.get(2)).update();
        assertThat(jdbc.sql("select taken from time_slots where id = :id").param("id", slotId).query(Integer.class).single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from bookings where slot_id = :id").param("id", slotId).query(Long.class).single())
                .isEqualTo(3);
    }

    @Test
    void aDecisionThatWouldOverfillASlotIsRefusedByTheDatabaseAndTheListenerMovesOn() throws Exception {
        UUID slotId = createSlot(admin(), 1, inDays(3, 14), 2);
        List<ApiClient> users = new ArrayList<>();
        List<BookingRequested> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ApiClient user = signedInUser();
            UUID bookingId = request(user, slotId, Map.of("slotId", slotId.toString(), "hold", true));
            users.add(user);
            requests.add(awaitCommand(BookingRequested.class, c -> c.bookingId().equals(bookingId)));
        }
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5));
        decide(new BookingConfirmed(UUID.randomUUID(), Instant.now(), slotId, requests.get(0).bookingId(), requests.get(0).userId()));
        decide(new BookingHeld(UUID.randomUUID(), Instant.now(), slotId, requests.get(1).bookingId(), requests.get(1).userId(), expiresAt, false));
        awaitStatus(users.get(1), requests.get(1).bookingId(), "HELD");

        // a buggy third place, as a hold and as a confirmation: both refused, the record goes to the dead-letter topic
        decide(new BookingHeld(UUID.randomUUID(), Instant.now(), slotId, requests.get(2).bookingId(), requests.get(2).userId(), expiresAt, false));
        decide(new BookingConfirmed(UUID.randomUUID(), Instant.now(), slotId, requests.get(3).bookingId(), requests.get(3).userId()));
        // a later decision on the same partition is applied: the consumer went past the refused ones
        decide(new BookingCancelled(UUID.randomUUID(), Instant.now(), slotId, requests.get(0).bookingId(), requests.get(0).userId(),
                CancellationReason.REQUESTED));
        awaitStatus(users.get(0), requests.get(0).bookingId(), "CANCELLED");
        assertThat(users.get(2).get("/api/bookings/" + requests.get(2).bookingId()).json().get("status").asString()).isEqualTo("PENDING");
        assertThat(users.get(3).get("/api/bookings/" + requests.get(3).bookingId()).json().get("status").asString()).isEqualTo("PENDING");
        assertThat(whats(users.get(2), requests.get(2).bookingId())).containsExactly("REQUESTED");
        assertThat(jdbc.sql("select taken from time_slots where id = :id").param("id", slotId).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void aHoldIsConfirmedByItsOwnerAndTheHistoryTellsWhoDidWhat() throws Exception {
        UUID slotId = createSlot(admin(), 1, inDays(3, 10), 2);
        ApiClient alice = signedInUser();
        UUID bookingId = request(alice, slotId, Map.of("slotId", slotId.toString(), "hold", true));
        BookingRequested command = awaitCommand(BookingRequested.class, c -> c.bookingId().equals(bookingId));
        assertThat(command.hold()).isTrue();
        assertThat(command.waitlist()).isFalse();
        assertThat(command.dailyLimit()).isNull();

        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        decide(new BookingHeld(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId(), expiresAt, false));
        JsonNode held = awaitStatus(alice, bookingId, "HELD");
        assertThat(Instant.parse(held.get("holdExpiresAt").asString())).isEqualTo(expiresAt);
        assertThat(held.get("availability").get("booked").asInt()).isEqualTo(1);
        assertThat(held.get("availability").get("held").asInt()).isEqualTo(1);

        assertProblem(signedInUser().post("/api/bookings/" + bookingId + "/confirm", null), 404, "Unknown booking");
        Answer confirm = alice.post("/api/bookings/" + bookingId + "/confirm", null);
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(202);
        assertThat(confirm.json().get("confirmRequestedAt").isNull()).isFalse();
        HoldConfirmationRequested asked = awaitCommand(HoldConfirmationRequested.class, c -> c.bookingId().equals(bookingId));
        assertThat(asked.slotId()).isEqualTo(slotId);

        decide(new BookingConfirmed(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId()));
        JsonNode confirmed = awaitStatus(alice, bookingId, "CONFIRMED");
        assertThat(confirmed.get("holdExpiresAt").isNull()).isTrue();
        assertThat(confirmed.get("availability").get("held").asInt()).isZero();
        assertProblem(alice.post("/api/bookings/" + bookingId + "/confirm", null), 409, "Booking not held");

        assertThat(whats(alice, bookingId)).containsExactly("REQUESTED", "HELD", "CONFIRM_REQUESTED", "CONFIRMED");
        JsonNode first = alice.get("/api/bookings/" + bookingId + "/history").json().get(0);
        assertThat(first.get("actor").asString()).isEqualTo("USER");
        assertThat(first.get("actorName").asString()).isEqualTo(alice.get("/api/auth/me").json().get("username").asString());
        assertThat(whats(admin(), bookingId)).hasSize(4);
        assertProblem(signedInUser().get("/api/bookings/" + bookingId + "/history"), 404, "Unknown booking");
        assertProblem(alice.get("/api/bookings/" + UUID.randomUUID() + "/history"), 404, "Unknown booking");
    }

    @Test
    void aWaiterMovesUpOnlyForwardGetsOfferedAPlaceAndTheHoldExpires() throws Exception {
        UUID slotId = createSlot(admin(), 1, inDays(3, 11), 1);
        ApiClient bob = signedInUser();
        UUID bookingId = request(bob, slotId, Map.of("slotId", slotId.toString(), "waitlist", true));
        BookingRequested command = awaitCommand(BookingRequested.class, c -> c.bookingId().equals(bookingId));
        assertThat(command.waitlist()).isTrue();
        UUID userId = command.userId();

        decide(new BookingWaitlisted(UUID.randomUUID(), Instant.now(), slotId, bookingId, userId, 3));
        assertThat(awaitStatus(bob, bookingId, "WAITLISTED").get("waitlistPosition").asInt()).isEqualTo(3);
        assertProblem(bob.post("/api/bookings", Map.of("slotId", slotId.toString())), 409, "Already in the waitlist");
        decide(new WaitlistPositionChanged(UUID.randomUUID(), Instant.now(), slotId, bookingId, userId, 1));
        await().atMost(Duration.ofSeconds(15)).until(
                () -> bob.get("/api/bookings/" + bookingId).json().get("waitlistPosition").asInt() == 1);
        // a late, older position never moves a waiter back
        decide(new WaitlistPositionChanged(UUID.randomUUID(), Instant.now(), slotId, bookingId, userId, 2));
        await().atMost(Duration.ofSeconds(15)).until(
                () -> whats(bob, bookingId).stream().filter("WAITLIST_MOVED"::equals).count() == 2);
        assertThat(bob.get("/api/bookings/" + bookingId).json().get("waitlistPosition").asInt()).isEqualTo(1);
        assertProblem(bob.post("/api/bookings/" + bookingId + "/confirm", null), 409, "Booking not held");

        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        decide(new BookingHeld(UUID.randomUUID(), Instant.now(), slotId, bookingId, userId, expiresAt, true));
        JsonNode offered = awaitStatus(bob, bookingId, "HELD");
        assertThat(offered.get("waitlistPosition").isNull()).isTrue();
        HoldExpired expired = new HoldExpired(UUID.randomUUID(), expiresAt, slotId, bookingId, userId);
        decide(expired);
        JsonNode gone = awaitStatus(bob, bookingId, "EXPIRED");
        assertThat(gone.get("availability").get("booked").asInt()).isZero();
        assertProblem(bob.delete("/api/bookings/" + bookingId), 409, "Booking not active");
        // redelivered: no second history row
        decide(expired);

        assertThat(whats(bob, bookingId))
                .containsExactly("REQUESTED", "WAITLISTED", "WAITLIST_MOVED", "WAITLIST_MOVED", "OFFERED", "EXPIRED");
        assertThat(jdbc.sql("select count(*) from bookings where id = :id").param("id", bookingId).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void leavingTheWaitlistGoesThroughRelease() throws Exception {
        UUID slotId = createSlot(admin(), 1, inDays(3, 12), 1);
        ApiClient carol = signedInUser();
        UUID bookingId = request(carol, slotId, Map.of("slotId", slotId.toString(), "waitlist", true, "hold", true));
        BookingRequested command = awaitCommand(BookingRequested.class, c -> c.bookingId().equals(bookingId));
        decide(new BookingWaitlisted(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId(), 1));
        awaitStatus(carol, bookingId, "WAITLISTED");

        assertProblem(signedInUser().post("/api/bookings/" + bookingId + "/release", null), 404, "Unknown booking");
        Answer release = carol.post("/api/bookings/" + bookingId + "/release", null);
        assertThat(release.status()).as(release.body()).isEqualTo(202);
        awaitCommand(BookingCancellationRequested.class, c -> c.bookingId().equals(bookingId));
        decide(new BookingCancelled(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId(), CancellationReason.REQUESTED));
        awaitStatus(carol, bookingId, "CANCELLED");
        assertThat(whats(carol, bookingId)).containsExactly("REQUESTED", "WAITLISTED", "CANCEL_REQUESTED", "CANCELLED");
    }

    @Test
    void anAdminSetsACategorysDailyLimitWhichTravelsWithEachRequest() {
        ApiClient admin = admin();
        Answer limited = admin.send("PATCH", "/api/admin/categories/2", Map.of("dailyLimitPerUser", 2), Map.of());
        assertThat(limited.status()).as(limited.body()).isEqualTo(200);
        assertThat(limited.json().get("dailyLimitPerUser").asInt()).isEqualTo(2);
        assertThat(browser().get("/api/categories").json().get(1).get("dailyLimitPerUser").asInt()).isEqualTo(2);

        // 23:30 UTC is the next calendar day in Auckland, the zone this test configures
        Instant startsAt = inDays(4, 23).plus(Duration.ofMinutes(30));
        UUID slotId = createSlot(admin, 2, startsAt, 3);
        ApiClient dave = signedInUser();
        UUID bookingId = request(dave, slotId, Map.of("slotId", slotId.toString()));
        BookingRequested command = awaitCommand(BookingRequested.class, c -> c.bookingId().equals(bookingId));
        assertThat(command.categoryId()).isEqualTo(2L);
        assertThat(command.dailyLimit()).isEqualTo(2);
        assertThat(command.day()).isEqualTo(LocalDate.ofInstant(startsAt, ZoneId.of("Pacific/Auckland")));

        assertProblem(admin.send("PATCH", "/api/admin/categories/2", Map.of("dailyLimitPerUser", 0), Map.of()), 400, "Invalid request");
        assertProblem(admin.send("PATCH", "/api/admin/categories/999", Map.of("dailyLimitPerUser", 1), Map.of()), 404, "Unknown category");
        assertProblem(dave.send("PATCH", "/api/admin/categories/2", Map.of("dailyLimitPerUser", 5), Map.of()), 403, "Not allowed");
        Answer removed = admin.sendRaw("PATCH", "/api/admin/categories/2", "{\"dailyLimitPerUser\": null}", Map.of());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().get("dailyLimitPerUser").isNull()).isTrue();

        UUID unlimited = request(signedInUser(), slotId, Map.of("slotId", slotId.toString()));
        assertThat(awaitCommand(BookingRequested.class, c -> c.bookingId().equals(unlimited)).limited()).isFalse();
    }

    @Test
    void theHistoryIsRebuiltFromBookingEventsOnceEach() throws Exception {
        UUID slotId = createSlot(admin(), 1, inDays(5, 9), 1);
        ApiClient erin = signedInUser();
        UUID bookingId = request(erin, slotId, Map.of("slotId", slotId.toString(), "hold", true));
        BookingRequested command = awaitCommand(BookingRequested.class, c -> c.bookingId().equals(bookingId));
        decide(new BookingHeld(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId(),
                Instant.now().plus(Duration.ofMinutes(5)), false));
        awaitStatus(erin, bookingId, "HELD");
        assertThat(erin.post("/api/bookings/" + bookingId + "/confirm", null).status()).isEqualTo(202);
        decide(new BookingConfirmed(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId()));
        awaitStatus(erin, bookingId, "CONFIRMED");
        assertThat(erin.delete("/api/bookings/" + bookingId).status()).isEqualTo(202);
        decide(new BookingCancelled(UUID.randomUUID(), Instant.now(), slotId, bookingId, command.userId(), CancellationReason.REQUESTED));
        awaitStatus(erin, bookingId, "CANCELLED");
        String before = erin.get("/api/bookings/" + bookingId + "/history").json().toString();
        assertThat(whats(erin, bookingId))
                .containsExactly("REQUESTED", "HELD", "CONFIRM_REQUESTED", "CONFIRMED", "CANCEL_REQUESTED", "CANCELLED");

        assertProblem(erin.post("/api/admin/bookings/history/rebuild", null), 403, "Not allowed");
        jdbc.sql("delete from booking_history").update();
        assertThat(whats(erin, bookingId)).isEmpty();

        Answer rebuilt = admin().post("/api/admin/bookings/history/rebuild", null);
        assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);
        assertThat(rebuilt.json().get("rowsAdded").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(erin.get("/api/bookings/" + bookingId + "/history").json().toString()).isEqualTo(before);

        Answer again = admin().post("/api/admin/bookings/history/rebuild", null);
        assertThat(again.json().get("rowsAdded").asLong()).isZero();
        assertThat(again.json().get("decisionsRead").asLong()).isGreaterThanOrEqualTo(rebuilt.json().get("decisionsRead").asLong());
        assertThat(erin.get("/api/bookings/" + bookingId + "/history").json().toString()).isEqualTo(before);
    }

    @Test
    void theOpenApiDocumentDescribesTheNewEndpoints() {
        JsonNode paths = browser().get("/v3/api-docs").json().get("paths");
        assertThat(paths.has("/api/bookings/{id}/confirm")).isTrue();
        assertThat(paths.has("/api/bookings/{id}/release")).isTrue();
        assertThat(paths.has("/api/bookings/{id}/history")).isTrue();
        assertThat(paths.has("/api/admin/bookings/history/rebuild")).isTrue();
        assertThat(paths.get("/api/admin/categories/{id}").has("patch")).isTrue();
        assertThat(paths.has("/api/me/calendar-feed")).isTrue();
        assertThat(paths.has("/api/calendar/{token}.ics")).isTrue();
    }

    static void assertProblem(Answer answer, int status, String title) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asString()).isEqualTo(title);
        assertThat(answer.json().get("detail").asString()).isNotBlank();
    }
}
