package io.slotstream.processor.decision;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingRejected;
import java.util.Locale;

/**
 * Counts published decisions in {@value #DECISIONS}, tagged {@code outcome} (confirmed, rejected, cancelled) and
 * {@code reason} (the rejection or cancellation reason, {@code none} for a confirmation). A task that is retried
 * after a failure counts its records again: the counter is for dashboards, the topic is the truth.
 */
public final class DecisionMetrics {

    public static final String DECISIONS = "slotstream.decisions";

    private final MeterRegistry registry;

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(BookingDecision decision) {
        String outcome;
        String reason;
        if (decision instanceof BookingConfirmed) {
            outcome = "confirmed";
            reason = "none";
        } else if (decision instanceof BookingRejected rejected) {
            outcome = "rejected";
            reason = rejected.reason().name();
        } else {
            outcome = "cancelled";
            reason = ((BookingCancelled) decision).reason().name();
        }
        registry.counter(DECISIONS, "outcome", outcome, "reason", reason.toLowerCase(Locale.ROOT))
                .increment();
    }
}
