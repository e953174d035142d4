package io.slotstream.api.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.api.TestUsers;
import io.slotstream.testsupport.ApiClient;
import io.slotstream.testsupport.ApiClient.Answer;
import io.slotstream.testsupport.ServerEndpoints;
import io.slotstream.testsupport.SharedServers;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.validate.ValidationResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Calendar feeds read by a real iCalendar parser, as a calendar app would: no session, the token is the key. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "slotstream.accounts.admin.username=root",
            "slotstream.accounts.admin.password=admin-password-1",
            "slotstream.decisions.group-id=api-calendar-it-decisions"
        })
class CalendarFeedIntegrationTests {

    static final ServerEndpoints servers = SharedServers.withFreshDatabase("booking_api_calendar_it");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient browser() {
        return new TestUsers(port).browser();
    }

    ApiClient signedInUser(String name) {
        ApiClient client = browser();
        Answer registered = client.register(name + "-" + UUID.randomUUID().toString().substring(0, 6), "correct horse battery");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return client;
    }

    ApiClient admin() {
        return new TestUsers(port).admin();
    }

    UUID slot(ApiClient admin, long categoryId, Instant startsAt) {
        Answer created = admin.post("/api/admin/timeslots", Map.of("categoryId", categoryId, "startsAt", startsAt.toString(),
                "endsAt", startsAt.plus(Duration.ofMinutes(90)).toString(), "capacity", 2));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    /** Books through the API, then sets the decision in the table: the decision listener has tests of its own. */
    UUID booking(ApiClient user, UUID slotId, String status) {
        Answer requested = user.post("/api/bookings", Map.of("slotId", slotId.toString()));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        UUID id = UUID.fromString(requested.json().get("id").asString());
        jdbc.sql("""
                update bookings set status = :status, decided_at = now(),
                       cancelled_at = case when :status = 'CANCELLED' then now() end
                where id = :id
                """).param("status", status).param("id", id).update();
        return id;
    }

    /** Reads a feed as a calendar app does: a plain GET without cookies. */
    Answer fetch(String url) {
        return browser().send("GET", url.substring(url.indexOf("/api/")), null, Map.of("Accept", "text/calendar"));
    }

    static Calendar parse(Answer feed) throws Exception {
        assertThat(feed.status()).as(feed.body()).isEqualTo(200);
        assertThat(feed.contentType()).startsWith("text/calendar");
        Calendar calendar = new CalendarBuilder().build(new StringReader(feed.body()));
        ValidationResult validation = calendar.validate();
        assertThat(validation.hasErrors()).as(validation.toString()).isFalse();
        return calendar;
    }

    static String property(VEvent event, String name) {
        return event.getProperty(name).map(Property::getValue).orElseThrow(() -> new AssertionError("no " + name));
    }

    static Instant tomorrowAt(int hour) {
        return Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(hour));
    }

    @Test
    void aUsersFeedListsTheirBookingsWithCancelledOnesMarkedAndARevokedTokenAnswers404() throws Exception {
        ApiClient admin = admin();
        ApiClient alice = signedInUser("alice");
        Instant nine = tomorrowAt(9);
        UUID confirmed = booking(alice, slot(admin, 1, nine), "CONFIRMED");
        UUID cancelled = booking(alice, slot(admin, 1, tomorrowAt(11)), "CANCELLED");
        UUID rejected = booking(alice, slot(admin, 1, tomorrowAt(13)), "REJECTED");
        UUID someoneElses = booking(signedInUser("bob"), slot(admin, 1, tomorrowAt(15)), "CONFIRMED");

        assertThat(browser().post("/api/me/calendar-feed", null).status()).isEqualTo(401);
        Answer created = alice.post("/api/me/calendar-feed", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String url = created.json().get("url").asString();
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/api/calendar/").endsWith(".ics");
        String token = url.substring(url.lastIndexOf('/') + 1, url.length() - ".ics".length());
        assertThat(jdbc.sql("select count(*) from calendar_feeds where token_hash = sha256(convert_to(:t, 'UTF8'))")
                        .param("t", token).query(Long.class).single())
                .as("only the hash is stored").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from calendar_feeds where encode(token_hash, 'escape') like '%' || :t || '%'")
                        .param("t", token).query(Long.class).single()).isZero();

        Answer feed = fetch(url);
        assertThat(feed.body()).contains("\r\n").doesNotContain(someoneElses.toString()).doesNotContain(rejected.toString());
        Calendar calendar = parse(feed);
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        assertThat(events).hasSize(2);
        VEvent first = events.stream().filter(e -> property(e, Property.UID).startsWith(confirmed.toString())).findFirst().orElseThrow();
        VEvent second = events.stream().filter(e -> property(e, Property.UID).startsWith(cancelled.toString())).findFirst().orElseThrow();
        assertThat(property(first, Property.STATUS)).isEqualTo("CONFIRMED");
        assertThat(property(second, Property.STATUS)).isEqualTo("CANCELLED");
        assertThat(Instant.from(first.getStartDate().orElseThrow().getDate())).isEqualTo(nine);
        assertThat(Instant.from(first.getEndDate().orElseThrow().getDate())).isEqualTo(nine.plus(Duration.ofMinutes(90)));
        assertThat(property(first, Property.SUMMARY)).isEqualTo("Cat 1");

        // rotating gives a new URL and retires the old one; revoking retires the new one
        String rotated = alice.post("/api/me/calendar-feed", null).json().get("url").asString();
        assertThat(rotated).isNotEqualTo(url);
        assertNotFound(fetch(url));
        assertThat(parse(fetch(rotated)).getComponents(Component.VEVENT)).hasSize(2);
        assertThat(alice.delete("/api/me/calendar-feed").status()).isEqualTo(204);
        assertNotFound(fetch(rotated));
        assertNotFound(alice.delete("/api/me/calendar-feed"));
        assertNotFound(browser().get("/api/calendar/" + "A".repeat(43) + ".ics"));
        assertNotFound(browser().get("/api/calendar/not-a-token.ics"));
    }

    @Test
    void anAdminHasAFeedPerCategoryWithEveryonesBookingsInIt() throws Exception {
        ApiClient admin = admin();
        UUID inCategory = slot(admin, 3, tomorrowAt(8));
        UUID carols = booking(signedInUser("carol"), inCategory, "CONFIRMED");
        UUID daves = booking(signedInUser("dave"), inCategory, "HELD");
        UUID elsewhere = booking(signedInUser("erin"), slot(admin, 2, tomorrowAt(8)), "CONFIRMED");

        assertThat(signedInUser("mallory").post("/api/admin/categories/3/calendar-feed", null).status()).isEqualTo(403);
        assertNotFound(admin.post("/api/admin/categories/999/calendar-feed", null));
        Answer created = admin.post("/api/admin/categories/3/calendar-feed", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String url = created.json().get("url").asString();

        Calendar calendar = parse(fetch(url));
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        assertThat(events).hasSize(2);
        assertThat(property(events.get(0), Property.SUMMARY)).startsWith("Cat 3");
        assertThat(fetch(url).body()).contains(carols.toString()).contains(daves.toString()).doesNotContain(elsewhere.toString())
                .contains("STATUS:TENTATIVE");
        assertThat(admin.delete("/api/admin/categories/3/calendar-feed").status()).isEqualTo(204);
        assertNotFound(fetch(url));
    }

    static void assertNotFound(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }
}
