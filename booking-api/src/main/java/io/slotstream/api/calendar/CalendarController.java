package io.slotstream.api.calendar;

import io.slotstream.api.account.SignedInUser;
import io.slotstream.api.system.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Calendar feed URLs: each user creates (or rotates) and revokes their own; admins do the same per category. The
 * feed itself is read without a session, by calendar apps: the unguessable token in the path is the credential.
 */
@RestController
class CalendarController {

    private static final Logger log = LoggerFactory.getLogger(CalendarController.class);
    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8);

    private final CalendarFeeds feeds;
    private final Clock clock;

    CalendarController(CalendarFeeds feeds, Clock clock) {
        this.feeds = feeds;
        this.clock = clock;
    }

    /** The feed's address; shown once, as only its hash is kept. */
    record FeedUrl(String url, Instant createdAt) {}

    @PostMapping("/api/me/calendar-feed")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    FeedUrl createMine(Authentication caller) {
        SignedInUser user = SignedInUser.of(caller);
        Instant now = clock.instant();
        String token = feeds.rotate(user.id(), null, user.id(), now);
        log.info("Calendar feed created: userId={}", user.id());
        return new FeedUrl(url(token), now);
    }

    @DeleteMapping("/api/me/calendar-feed")
    @Transactional
    ResponseEntity<Void> revokeMine(Authentication caller) {
        SignedInUser user = SignedInUser.of(caller);
        if (!feeds.revoke(user.id(), null, clock.instant())) {
            throw noFeed();
        }
        log.info("Calendar feed revoked: userId={}", user.id());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/admin/categories/{id}/calendar-feed")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    FeedUrl createForCategory(@PathVariable long id, Authentication caller) {
        feeds.categoryName(id).orElseThrow(() -> unknownCategory(id));
        Instant now = clock.instant();
        String token = feeds.rotate(null, id, SignedInUser.of(caller).id(), now);
        log.info("Category calendar feed created: categoryId={}", id);
        return new FeedUrl(url(token), now);
    }

    @DeleteMapping("/api/admin/categories/{id}/calendar-feed")
    @Transactional
    ResponseEntity<Void> revokeForCategory(@PathVariable long id) {
        feeds.categoryName(id).orElseThrow(() -> unknownCategory(id));
        if (!feeds.revoke(null, id, clock.instant())) {
            throw noFeed();
        }
        log.info("Category calendar feed revoked: categoryId={}", id);
        return ResponseEntity.noContent().build();
    }

    /** The feed, for calendar apps; an unknown or revoked token is a 404 like any path that does not exist. */
    @GetMapping("/api/calendar/{token}.ics")
    @Transactional(readOnly = true)
    ResponseEntity<String> feed(@PathVariable String token) {
        CalendarFeeds.Feed feed = feeds.findLive(token).orElseThrow(() -> ApiProblem.notFound(
                "calendar-feed-not-found", "Unknown calendar feed", "This calendar feed does not exist or was revoked."));
        Instant now = clock.instant();
        String name = feed.categoryId() == null
                ? "Slotstream bookings"
                : "Slotstream – " + feeds.categoryName(feed.categoryId()).orElse("category " + feed.categoryId());
        String body = ICalendar.of(name, now, feeds.entries(feed, now.minus(Duration.ofDays(90)), 2000), feed.categoryId() != null);
        return ResponseEntity.ok()
                .contentType(TEXT_CALENDAR)
                .cacheControl(CacheControl.noStore())
                .body(body);
    }

    private static String url(String token) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/calendar/{token}.ics").buildAndExpand(token).toUriString();
    }

    private static ApiProblem noFeed() {
        return ApiProblem.notFound("calendar-feed-not-found", "No calendar feed", "There is no live calendar feed to revoke.");
    }

    private static ApiProblem unknownCategory(long id) {
        return ApiProblem.notFound("category-not-found", "Unknown category", "There is no category " + id + ".");
    }
}
