package io.slotstream.api.booking;

import io.slotstream.api.account.SignedInUser;
import io.slotstream.api.system.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Booking requests, reads and cancellations for the signed-in user. A request answers 202 at once, or with
 * {@code Prefer: wait=N} waits up to N seconds for the decision: 201 when confirmed or held, 200 when waitlisted,
 * 409 when rejected. Holds are confirmed or released here too, and each booking's history is read here.
 */
@RestController
class BookingController {

    private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,4})");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final BookingService service;
    private final BookingRepository bookings;
    private final DecisionWaiters waiters;
    private final BookingProperties properties;
    private final Executor responses;
    private final Clock clock;

    BookingController(
            BookingService service,
            BookingRepository bookings,
            DecisionWaiters waiters,
            BookingProperties properties,
            Executor applicationTaskExecutor,
            Clock clock) {
        this.service = service;
        this.bookings = bookings;
        this.waiters = waiters;
        this.properties = properties;
        this.responses = applicationTaskExecutor;
        this.clock = clock;
    }

    /**
     * @param hold true to hold a place for a while (then confirm it) instead of booking it now
     * @param waitlist true to wait in the slot's waitlist when it is full instead of being rejected
     */
    record BookingRequest(@NotNull UUID slotId, @Nullable Boolean hold, @Nullable Boolean waitlist) {

        BookingService.Mode mode() {
            return new BookingService.Mode(Boolean.TRUE.equals(hold), Boolean.TRUE.equals(waitlist));
        }
    }

    @PostMapping("/api/bookings")
    CompletableFuture<ResponseEntity<Object>> request(
            @Valid @RequestBody BookingRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
            @RequestHeader(name = "Prefer", required = false) @Nullable String prefer,
            Authentication caller) {
        SignedInUser user = SignedInUser.of(caller);
        String key = idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey.trim();
        if (!KEY.matcher(key).matches()) {
            throw ApiProblem.badRequest("invalid-idempotency-key", "Invalid Idempotency-Key",
                    "The Idempotency-Key must be 1 to 100 letters, digits or . _ : -");
        }
        BookingService.Requested requested;
        try {
            requested = service.request(user, body.slotId(), key, body.mode());
        } catch (DuplicateKeyException raced) {
            // a concurrent request of the same person for the same slot won the race
            requested = service.replay(user, body.slotId(), key).orElseThrow(() -> ApiProblem.conflict(
                    "already-requested", "Already requested", "You already have a request for this slot."));
        }
        BookingView booking = requested.booking();
        Duration wait = requestedWait(prefer);
        if (wait.isZero() || booking.status() != BookingStatus.PENDING) {
            return CompletableFuture.completedFuture(respond(booking, wait));
        }
        CompletableFuture<Void> decided = waiters.register(booking.id());
        // the decision may have landed between commit and registration
        if (!bookings.decidedAmong(List.of(booking.id())).isEmpty()) {
            waiters.decided(booking.id());
        }
        return decided.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApplyAsync(ignored -> {
                    waiters.forget(booking.id());
                    return respond(bookings.findView(booking.id()).orElse(booking), wait);
                }, responses);
    }

    @GetMapping("/api/bookings/{id}")
    BookingView read(@PathVariable UUID id, Authentication caller) {
        return service.read(SignedInUser.of(caller), id);
    }

    @DeleteMapping("/api/bookings/{id}")
    ResponseEntity<BookingView> cancel(@PathVariable UUID id, Authentication caller) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(service.cancel(SignedInUser.of(caller), id));
    }

    /** Leaves a hold or the waitlist; the same as DELETE, under a name that says what it does to a hold. */
    @PostMapping("/api/bookings/{id}/release")
    ResponseEntity<BookingView> release(@PathVariable UUID id, Authentication caller) {
        return cancel(id, caller);
    }

    /** Turns the caller's held place into a booking: 202 while the stream processor decides. */
    @PostMapping("/api/bookings/{id}/confirm")
    ResponseEntity<BookingView> confirm(@PathVariable UUID id, Authentication caller) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(service.confirm(SignedInUser.of(caller), id));
    }

    @GetMapping("/api/bookings/{id}/history")
    List<BookingHistory.Entry> history(@PathVariable UUID id, Authentication caller) {
        return service.history(SignedInUser.of(caller), id);
    }

    @GetMapping("/api/user/bookings")
    List<BookingView> mine(@RequestParam(defaultValue = "all") String scope, Authentication caller) {
        if (!List.of("all", "upcoming", "past").contains(scope)) {
            throw ApiProblem.badRequest("invalid-scope", "Invalid scope", "scope must be one of all, upcoming, past.");
        }
        return bookings.listForUser(SignedInUser.of(caller).id(), scope, clock.instant(), 500);
    }

    private Duration requestedWait(@Nullable String prefer) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        Matcher matcher = PREFER_WAIT.matcher(prefer);
        if (!matcher.find()) {
            return Duration.ZERO;
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
        return asked.compareTo(properties.maxWait()) > 0 ? properties.maxWait() : asked;
    }

    static ResponseEntity<Object> respond(BookingView booking, Duration wait) {
        URI location = URI.create("/api/bookings/" + booking.id());
        ResponseEntity.BodyBuilder builder;
        if (booking.status() == BookingStatus.REJECTED) {
            ApiProblem problem = new ApiProblem(HttpStatus.CONFLICT, "booking-rejected", "Booking rejected",
                    booking.message() == null ? "The booking was rejected." : booking.message(),
                    Map.of("bookingId", booking.id(), "reason", String.valueOf(booking.reason()), "booking", booking,
                            "availability", booking.availability()));
            builder = ResponseEntity.status(HttpStatus.CONFLICT)
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
            builder.location(location);
            addPreference(builder, wait);
            return builder.body(problem.getBody());
        }
        HttpStatus status = switch (booking.status()) {
            case PENDING -> HttpStatus.ACCEPTED;
            case CONFIRMED, HELD -> HttpStatus.CREATED;
            default -> HttpStatus.OK;
        };
        builder = ResponseEntity.status(status).location(location);
        addPreference(builder, wait);
        return builder.body(booking);
    }

    private static void addPreference(ResponseEntity.BodyBuilder builder, Duration wait) {
        if (!wait.isZero()) {
            builder.header("Preference-Applied", "wait=" + wait.toSeconds());
        }
    }
}
