package io.slotstream.api.booking;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingEvent;
import io.slotstream.events.BookingRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies the stream processor's decisions to the bookings table. Each update only moves a booking forward from
 * the status it must have (PENDING to CONFIRMED, say), so a redelivered event changes nothing. The offset is
 * committed after the update; unreadable or failing records go to {@code booking-events.DLT}.
 */
@Component
class DecisionListener {

    private static final Logger log = LoggerFactory.getLogger(DecisionListener.class);

    private final BookingRepository bookings;
    private final DecisionWaiters waiters;
    private final MeterRegistry meters;

    DecisionListener(BookingRepository bookings, DecisionWaiters waiters, MeterRegistry meters) {
        this.bookings = bookings;
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
        boolean changed;
        String type = event.getClass().getSimpleName();
        if (event instanceof BookingConfirmed confirmed) {
            changed = bookings.confirm(confirmed.bookingId(), confirmed.occurredAt());
            after(changed, type, confirmed.bookingId(), event);
        } else if (event instanceof BookingRejected rejected) {
            changed = bookings.reject(rejected.bookingId(), rejected.reason().name(), rejected.message(), rejected.occurredAt());
            after(changed, type, rejected.bookingId(), event);
        } else if (event instanceof BookingCancelled cancelled) {
            changed = bookings.cancel(cancelled.bookingId(), cancelled.reason().name(), cancelled.occurredAt());
            after(changed, type, cancelled.bookingId(), event);
        }
        // SlotOpened and SlotClosed: the slot rows were written by this service already
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
