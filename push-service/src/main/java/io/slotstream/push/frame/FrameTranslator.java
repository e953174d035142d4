package io.slotstream.push.frame;

import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.EventJson;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.WaitlistPositionChanged;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns a contract event into the frames browsers get. The {@code data} of each frame is a record of its own
 * below, so what a frame can carry is visible in its type: no broadcast record has a field for a user id, a name
 * or an email, and a booking's id travels only in the private frames of its owner.
 */
public final class FrameTranslator {

    /** For everyone. */
    record SlotCreatedData(UUID slotId, long categoryId, Instant startsAt, Instant endsAt, int capacity, Instant occurredAt) {}

    record SlotDeletedData(UUID slotId, Instant occurredAt) {}

    record BookingCreatedData(UUID slotId, Instant occurredAt) {}

    record BookingCancelledData(UUID slotId, String reason, Instant occurredAt) {}

    record AvailabilityData(
            UUID slotId,
            long categoryId,
            Instant startsAt,
            int capacity,
            int booked,
            int available,
            boolean open,
            Instant occurredAt,
            int held,
            int waiting) {}

    /** For the requester only. */
    record DecisionData(UUID bookingId, UUID slotId, String status, String reason, String message, Instant occurredAt) {}

    /** For the holder only: a place is kept until {@code expiresAt}; {@code offered} when it came from the waitlist. */
    record HeldData(UUID bookingId, UUID slotId, Instant expiresAt, boolean offered, Instant occurredAt) {}

    /** For the holder only: the hold ran out unconfirmed. */
    record HoldExpiredData(UUID bookingId, UUID slotId, Instant occurredAt) {}

    /** For the waiter only: their place in the slot's waitlist, 1 first. */
    record WaitlistData(UUID bookingId, UUID slotId, int position, Instant occurredAt) {}

    /** The frames for one event, broadcast first; empty for a type push-service does not show. */
    public List<Outgoing> translate(SlotMessage event) {
        if (event instanceof SlotOpened opened) {
            return List.of(broadcast(opened.eventId(), FrameTypes.TIMESLOT_CREATED, new SlotCreatedData(
                    opened.slotId(), opened.categoryId(), opened.startsAt(), opened.endsAt(), opened.capacity(), opened.occurredAt())));
        }
        if (event instanceof SlotClosed closed) {
            return List.of(broadcast(closed.eventId(), FrameTypes.TIMESLOT_DELETED, new SlotDeletedData(closed.slotId(), closed.occurredAt())));
        }
        if (event instanceof BookingConfirmed confirmed) {
            return List.of(
                    broadcast(confirmed.eventId(), FrameTypes.BOOKING_CREATED,
                            new BookingCreatedData(confirmed.slotId(), confirmed.occurredAt())),
                    toOwner(confirmed.eventId(), confirmed.userId(), FrameTypes.BOOKING_CONFIRMED, new DecisionData(
                            confirmed.bookingId(), confirmed.slotId(), "CONFIRMED", null, null, confirmed.occurredAt())));
        }
        if (event instanceof BookingRejected rejected) {
            return List.of(toOwner(rejected.eventId(), rejected.userId(), FrameTypes.BOOKING_REJECTED, new DecisionData(
                    rejected.bookingId(), rejected.slotId(), "REJECTED", rejected.reason().name(), rejected.message(),
                    rejected.occurredAt())));
        }
        if (event instanceof BookingHeld held) {
            return List.of(toOwner(held.eventId(), held.userId(), FrameTypes.BOOKING_HELD, new HeldData(
                    held.bookingId(), held.slotId(), held.expiresAt(), held.offered(), held.occurredAt())));
        }
        if (event instanceof HoldExpired expired) {
            return List.of(toOwner(expired.eventId(), expired.userId(), FrameTypes.HOLD_EXPIRED,
                    new HoldExpiredData(expired.bookingId(), expired.slotId(), expired.occurredAt())));
        }
        if (event instanceof BookingWaitlisted waitlisted) {
            return List.of(toOwner(waitlisted.eventId(), waitlisted.userId(), FrameTypes.BOOKING_WAITLISTED, new WaitlistData(
                    waitlisted.bookingId(), waitlisted.slotId(), waitlisted.position(), waitlisted.occurredAt())));
        }
        if (event instanceof WaitlistPositionChanged moved) {
            return List.of(toOwner(moved.eventId(), moved.userId(), FrameTypes.WAITLIST_POSITION_CHANGED, new WaitlistData(
                    moved.bookingId(), moved.slotId(), moved.position(), moved.occurredAt())));
        }
        if (event instanceof BookingCancelled cancelled) {
            return List.of(broadcast(cancelled.eventId(), FrameTypes.BOOKING_CANCELLED, new BookingCancelledData(
                    cancelled.slotId(), cancelled.reason().name(), cancelled.occurredAt())));
        }
        if (event instanceof SlotAvailability availability) {
            return List.of(broadcast(availability.eventId(), FrameTypes.AVAILABILITY_CHANGED, new AvailabilityData(
                    availability.slotId(), availability.categoryId(), availability.startsAt(), availability.capacity(),
                    availability.booked(), availability.available(), availability.open(), availability.occurredAt(),
                    availability.held(), availability.waiting())));
        }
        return List.of();
    }

    private static Outgoing broadcast(UUID eventId, String type, Record data) {
        return new Outgoing.Broadcast(eventId, type, json(data));
    }

    private static Outgoing toOwner(UUID eventId, UUID userId, String type, Record data) {
        return new Outgoing.Private(eventId, userId, type, json(data));
    }

    private static String json(Record data) {
        return EventJson.MAPPER.writeValueAsString(data);
    }
}
