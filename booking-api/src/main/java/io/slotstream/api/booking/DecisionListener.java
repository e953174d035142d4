package io.slotstream.api.booking;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.WaitlistPositionChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies the stream processor's decisions to the bookings table. Each update only moves a booking forward from
 * the status it must have (PENDING or HELD to CONFIRMED, PENDING to WAITLISTED, WAITLISTED to HELD, HELD to
 * EXPIRED, a waiter only up the line), so a redelivered event changes nothing. Every decision about a known booking
 * also lands once in its history (unique by event id). The offset is
 * committed after the update; unreadable or failing records go to {@code booking-events.DLT}.
 */
@Component
class DecisionListener {

    private static final Logger log = LoggerFactory.getLogger(DecisionListener.class);

    private final BookingRepository bookings;
    private final DecisionWaiters waiters;
    private final MeterRegistry meters;
    private final BookingHistory history;

    DecisionListener(BookingRepository bookings, DecisionWaiters waiters, MeterRegistry meters, BookingHistory history) {
        this.bookings = bookings;
        this.history = history;
        this.waiters = waiters;
        this.meters = meters;
    }

    @KafkaListener(
            id = "booking-decisions",
            topics = "#{@topics.bookingEvents().name()}",
            groupId = "${slotstream.decisions.group-id:booking-api-decisions}",
            containerFactory = "decisionListenerFactory",
            concurrency = "${slotstream.decisions.concurrency:2}")
    @Transactional
    public void on(BookingEvent event) {
        if (!(event instanceof BookingDecision decision)) {
            // SlotOpened and SlotClosed: the slot rows were written by this service already
            return;
        }
        boolean changed = apply(decision);
        // the trail keeps every decision about a booking once, applied now or already before (a redelivery)
        history.record(decision);
        after(changed, decision.getClass().getSimpleName(), decision.bookingId(), event);
    }

    /** Moves the booking forward if it is where the decision expects it; false when it is not (already applied). */
    private boolean apply(BookingDecision decision) {
        if (decision instanceof BookingConfirmed confirmed) {
            return bookings.confirm(confirmed.bookingId(), confirmed.occurredAt());
        } else if (decision instanceof BookingRejected rejected) {
            return bookings.reject(rejected.bookingId(), rejected.reason().name(), rejected.message(), rejected.occurredAt());
        } else if (decision instanceof BookingCancelled cancelled) {
            return bookings.cancel(cancelled.bookingId(), cancelled.reason().name(), cancelled.occurredAt());
        } else if (decision instanceof BookingHeld held) {
            return bookings.hold(held.bookingId(), held.expiresAt(), held.occurredAt());
        } else if (decision instanceof HoldExpired expired) {
            return bookings.expire(expired.bookingId(), expired.occurredAt());
        } else if (decision instanceof BookingWaitlisted waitlisted) {
            return bookings.waitlist(waitlisted.bookingId(), waitlisted.position(), waitlisted.occurredAt());
        } else if (decision instanceof WaitlistPositionChanged moved) {
            return bookings.moveUp(moved.bookingId(), moved.position());
        }
        return false;
    }

    private void after(boolean changed, String type, java.util.UUID bookingId, BookingEvent event) {
        meters.counter("slotstream.decisions.applied", "type", type, "changed", Boolean.toString(changed)).increment();
        if (changed) {
            log.debug("Decision applied: {} bookingId={} slotId={}", type, bookingId, event.slotId());
            // wake the waiting request only once the new status is visible to it
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    waiters.decided(bookingId);
                }
            });
        } else {
            log.debug("Decision already applied or not applicable: {} bookingId={} eventId={}", type, bookingId, event.eventId());
        }
    }
}
