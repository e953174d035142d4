package io.slotstream.processor.decision;

import io.slotstream.events.BookingHeld;
import io.slotstream.events.EventIds;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.WaitlistPositionChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The waitlist half of {@link SlotRules}, pure as they are: what happens to the waiting bookings when a place frees
 * or someone leaves the line. The facts' ids derive from the id of the fact that caused them (a cancellation
 * command, an expiry), so the same cause always makes the same offers.
 */
final class Waitlist {

    private final Duration holdDuration;

    Waitlist(Duration holdDuration) {
        this.holdDuration = holdDuration;
    }

    /**
     * After a booking left the slot ({@code before} with it, {@code released} without it): offers the free places of
     * an open slot to the first in line, as holds that expire {@code holdDuration} after {@code at}, and tells every
     * waiter who moved up its new position.
     */
    SlotRules.Outcome afterRelease(SlotState before, SlotState released, UUID slotId, UUID causeId, Instant at) {
        SlotState after = released;
        List<SlotMessage> facts = new ArrayList<>();
        while (after.open() && !after.full() && !after.waitlist().isEmpty()) {
            SlotState.Waiter first = after.waitlist().get(0);
            SlotState.Hold hold = new SlotState.Hold(first.bookingId(), first.userId(), at.plus(holdDuration), true);
            after = after.offeringToFirst(hold);
            facts.add(new BookingHeld(
                    EventIds.derive(causeId, "offered/" + first.bookingId()),
                    at,
                    slotId,
                    first.bookingId(),
                    first.userId(),
                    hold.expiresAt(),
                    true));
        }
        facts.addAll(movedUp(before, after, slotId, causeId, at));
        return new SlotRules.Outcome(after, facts);
    }

    /** A WaitlistPositionChanged for every booking that waits in both states at a different position. */
    static List<SlotMessage> movedUp(SlotState before, SlotState after, UUID slotId, UUID causeId, Instant at) {
        List<SlotMessage> facts = new ArrayList<>();
        for (int i = 0; i < after.waitlist().size(); i++) {
            SlotState.Waiter waiter = after.waitlist().get(i);
            int was = before.position(waiter.bookingId());
            if (was != 0 && was != i + 1) {
                facts.add(new WaitlistPositionChanged(
                        EventIds.derive(causeId, "position/" + waiter.bookingId()),
                        at,
                        slotId,
                        waiter.bookingId(),
                        waiter.userId(),
                        i + 1));
            }
        }
        return facts;
    }
}
