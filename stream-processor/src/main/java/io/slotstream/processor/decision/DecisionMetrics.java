package io.slotstream.processor.decision;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.WaitlistPositionChanged;
import java.util.Locale;

/**
 * Counts published decisions in {@value #DECISIONS}, tagged {@code outcome} (confirmed, rejected, cancelled, held,
 * expired, waitlisted, moved_up) and {@code reason} (the rejection or cancellation reason; {@code offered} or
 * {@code requested} for a hold; {@code none} otherwise). A task that is retried after a failure counts its records
 * again: the counter is for dashboards, the topic is the truth.
 */
public final class DecisionMetrics {

    public static final String DECISIONS = "slotstream.decisions";

    private final MeterRegistry registry;

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(BookingDecision decision) {
        String outcome;
        String reason = "none";
        if (decision instanceof BookingConfirmed) {
            outcome = "confirmed";
        } else if (decision instanceof BookingRejected rejected) {
            outcome = "rejected";
            reason = rejected.reason().name();
        } else if (decision instanceof BookingCancelled cancelled) {
            outcome = "cancelled";
            reason = cancelled.reason().name();
        } else if (decision instanceof BookingHeld held) {
            outcome = "held";
            reason = held.offered() ? "offered" : "requested";
        } else if (decision instanceof HoldExpired) {
            outcome = "expired";
        } else if (decision instanceof BookingWaitlisted) {
            outcome = "waitlisted";
        } else if (decision instanceof WaitlistPositionChanged) {
            outcome = "moved_up";
        } else {
            throw new IllegalArgumentException("unknown decision " + decision.getClass().getName());
        }
        registry.counter(DECISIONS, "outcome", outcome, "reason", reason.toLowerCase(Locale.ROOT))
                .increment();
    }
}
