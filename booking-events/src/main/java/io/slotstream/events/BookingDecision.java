package io.slotstream.events;

import java.util.UUID;

/** An event about one booking (as opposed to a slot lifecycle fact): it names the booking and its owner. */
public sealed interface BookingDecision extends BookingEvent
        permits BookingConfirmed,
                BookingRejected,
                BookingCancelled,
                BookingHeld,
                HoldExpired,
                BookingWaitlisted,
                WaitlistPositionChanged {

    UUID bookingId();

    UUID userId();
}
