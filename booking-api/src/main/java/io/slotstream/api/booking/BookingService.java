package io.slotstream.api.booking;

import io.slotstream.api.account.SignedInUser;
import io.slotstream.api.outbox.Outbox;
import io.slotstream.api.slot.TimeSlot;
import io.slotstream.api.slot.TimeSlotRepository;
import io.slotstream.api.system.ApiProblem;
import io.slotstream.events.BookingCancellationRequested;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.HoldConfirmationRequested;
import io.slotstream.events.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts booking requests and cancellations. It checks what it can answer at once (unknown, deleted or past
 * slot, a second request of the same person), then writes the pending booking and its command in one
 * transaction. Whether the slot still has room is decided by the stream processor, never here.
 */
@Service
class BookingService {

    private static final Logger log = LoggerFactory.getLogger(BookingService.class);

    private final BookingRepository bookings;
    private final TimeSlotRepository slots;
    private final Outbox outbox;
    private final Topics topics;
    private final Clock clock;
    private final BookingHistory history;
    private final BookingProperties properties;

    BookingService(BookingRepository bookings, TimeSlotRepository slots, Outbox outbox, Topics topics, Clock clock,
            BookingHistory history, BookingProperties properties) {
        this.bookings = bookings;
        this.history = history;
        this.properties = properties;
        this.slots = slots;
        this.outbox = outbox;
        this.topics = topics;
        this.clock = clock;
    }

    /** The booking and whether this call created it (false: a retry with a key used before). */
    record Requested(BookingView booking, boolean created) {}

    @Transactional
    Requested request(SignedInUser user, UUID slotId, String idempotencyKey) {
        return request(user, slotId, idempotencyKey, Mode.BOOK);
    }

    /** How a request wants its place: now, held for a while, or held later from the waitlist when the slot is full. */
    record Mode(boolean hold, boolean waitlist) {
        static final Mode BOOK = new Mode(false, false);
    }

    @Transactional
    Requested request(SignedInUser user, UUID slotId, String idempotencyKey, Mode mode) {
        Optional<Requested> replay = replay(user, slotId, idempotencyKey);
        if (replay.isPresent()) {
            return replay.get();
        }
        Instant now = clock.instant();
        TimeSlot slot = slots.findById(slotId)
                .orElseThrow(() -> ApiProblem.notFound("slot-not-found", "Unknown slot", "There is no slot " + slotId + "."));
        if (slot.status() == TimeSlot.SlotStatus.DELETED) {
            throw new ApiProblem(HttpStatus.GONE, "slot-deleted", "Slot deleted", "This slot was removed from the calendar.");
        }
        if (!slot.startsAt().isAfter(now)) {
            throw ApiProblem.conflict("slot-in-past", "Slot in the past", "This slot has already started; it can no longer be booked.");
        }
        Optional<BookingStatus> active = bookings.findActiveStatus(user.id(), slotId);
        if (active.isPresent()) {
            // the active booking may be this very request, committed by a concurrent retry a moment ago
            return replay(user, slotId, idempotencyKey).orElseThrow(() -> alreadyActive(active.get()));
        }
        UUID bookingId = UUID.randomUUID();
        if (!bookings.insertPending(bookingId, slotId, user.id(), idempotencyKey, slot.capacity(), now)) {
            // a concurrent retry with the same key committed first: answer with its booking
            return replay(user, slotId, idempotencyKey).orElseThrow();
        }
        // the limit travels with the request, as it was when asked: the stream processor counts against it
        Integer dailyLimit = bookings.dailyLimitOf(slot.categoryId()).orElse(null);
        BookingRequested command = dailyLimit == null
                ? new BookingRequested(UUID.randomUUID(), now, slotId, bookingId, user.id(), mode.hold(), mode.waitlist(),
                        null, null, null)
                : new BookingRequested(UUID.randomUUID(), now, slotId, bookingId, user.id(), mode.hold(), mode.waitlist(),
                        slot.categoryId(), LocalDate.ofInstant(slot.startsAt(), properties.zone()), dailyLimit);
        outbox.append(topics.bookingCommands(), command);
        bookings.noteRequest(bookingId, mode.hold(), mode.waitlist(), dailyLimit);
        history.record(bookingId, "REQUESTED", "USER", user.id(), now,
                BookingHistory.requestedReason(mode.hold(), mode.waitlist(), dailyLimit),
                BookingHistory.requestedId(bookingId));
        log.info("Booking requested: bookingId={} slotId={} userId={} hold={} waitlist={} dailyLimit={}", bookingId, slotId,
                user.id(), mode.hold(), mode.waitlist(), dailyLimit);
        return new Requested(bookings.findView(bookingId).orElseThrow(), true);
    }

    @Transactional(readOnly = true)
    Optional<Requested> replay(SignedInUser user, UUID slotId, String idempotencyKey) {
        return bookings.findByIdempotencyKey(user.id(), idempotencyKey).map(existing -> {
            if (!existing.slotId().equals(slotId)) {
                throw ApiProblem.unprocessable("idempotency-key-reused", "Idempotency-Key reused",
                        "This Idempotency-Key was already used for a request for another slot; use a new key for a new request.");
            }
            return new Requested(existing, false);
        });
    }

    @Transactional
    BookingView cancel(SignedInUser user, UUID bookingId) {
        BookingView booking = bookings.lockView(bookingId)
                .filter(b -> user.admin() || b.userId().equals(user.id()))
                .orElseThrow(() -> notFound(bookingId));
        if (booking.status() == BookingStatus.REJECTED || booking.status() == BookingStatus.EXPIRED) {
            throw ApiProblem.conflict("booking-not-active", "Booking not active",
                    booking.status() == BookingStatus.REJECTED
                            ? "A rejected booking has nothing to cancel."
                            : "An expired hold has nothing to cancel.");
        }
        if (booking.status() == BookingStatus.CANCELLED || booking.cancelRequestedAt() != null) {
            return booking;
        }
        Instant now = clock.instant();
        if (!booking.slot().startsAt().isAfter(now)) {
            throw ApiProblem.conflict("slot-in-past", "Slot in the past", "This slot has already started; its booking can no longer be cancelled.");
        }
        bookings.markCancelRequested(bookingId, user.id(), now);
        history.record(bookingId, "CANCEL_REQUESTED", booking.userId().equals(user.id()) ? "USER" : "ADMIN", user.id(), now,
                null, BookingHistory.cancelRequestedId(bookingId));
        outbox.append(topics.bookingCommands(),
                new BookingCancellationRequested(UUID.randomUUID(), now, booking.slotId(), bookingId, booking.userId()));
        log.info("Cancellation requested: bookingId={} slotId={} by userId={}", bookingId, booking.slotId(), user.id());
        return bookings.findView(bookingId).orElseThrow();
    }

    /**
     * Asks to turn the caller's hold into a booking. Only the holder may, and only while the booking is HELD; the
     * stream processor decides whether the hold is still live (the API's clock is not the judge of expiry).
     */
    @Transactional
    BookingView confirm(SignedInUser user, UUID bookingId) {
        BookingView booking = bookings.lockView(bookingId)
                .filter(b -> b.userId().equals(user.id()))
                .orElseThrow(() -> notFound(bookingId));
        if (booking.status() != BookingStatus.HELD) {
            throw ApiProblem.conflict("booking-not-held", "Booking not held",
                    "Only a held place can be confirmed; this booking is " + booking.status().name().toLowerCase(Locale.ROOT) + ".");
        }
        if (booking.cancelRequestedAt() != null) {
            throw ApiProblem.conflict("booking-not-held", "Booking not held", "This hold is being released.");
        }
        if (booking.confirmRequestedAt() != null) {
            return booking;
        }
        Instant now = clock.instant();
        bookings.markConfirmRequested(bookingId, now);
        outbox.append(topics.bookingCommands(),
                new HoldConfirmationRequested(UUID.randomUUID(), now, booking.slotId(), bookingId, booking.userId()));
        history.record(bookingId, "CONFIRM_REQUESTED", "USER", user.id(), now, null, BookingHistory.confirmRequestedId(bookingId));
        log.info("Hold confirmation requested: bookingId={} slotId={}", bookingId, booking.slotId());
        return bookings.findView(bookingId).orElseThrow();
    }

    /** The booking's trail, for its owner and admins; anyone else is told it does not exist. */
    @Transactional(readOnly = true)
    List<BookingHistory.Entry> history(SignedInUser user, UUID bookingId) {
        read(user, bookingId);
        return history.of(bookingId);
    }

    @Transactional(readOnly = true)
    BookingView read(SignedInUser user, UUID bookingId) {
        return bookings.findView(bookingId)
                .filter(b -> user.admin() || b.userId().equals(user.id()))
                .orElseThrow(() -> notFound(bookingId));
    }

    static ApiProblem notFound(UUID bookingId) {
        // the same answer for "does not exist" and "not yours", so ids reveal nothing
        return ApiProblem.notFound("booking-not-found", "Unknown booking", "There is no booking " + bookingId + " of yours.");
    }

    private static ApiProblem alreadyActive(BookingStatus status) {
        return switch (status) {
            case CONFIRMED -> ApiProblem.conflict(
                    "already-booked", "Already booked by you", "You already have a confirmed booking for this slot.");
            case HELD -> ApiProblem.conflict(
                    "already-held", "Already held by you", "You already hold a place in this slot; confirm or release it.");
            case WAITLISTED -> ApiProblem.conflict(
                    "already-waitlisted", "Already in the waitlist", "You already wait for a place in this slot.");
            default -> ApiProblem.conflict(
                    "already-requested", "Already requested", "Your earlier request for this slot is still being decided.");
        };
    }
}
