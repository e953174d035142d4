package io.slotstream.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * The records the golden examples stand for, built here with the same values, field by field. One story: a
 * one-place slot opens; Alice asks to hold its place (her category allows two bookings a day) and confirms the hold;
 * Bob is too late and rejected; Dan and then Carol join the waitlist; Dan leaves it, so Carol moves up; Alice
 * cancels, Carol is offered the place as a hold and lets it expire; the admin deletes the slot.
 */
final class GoldenRecords {

    static final UUID SLOT = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static final long CATEGORY = 3;
    static final Instant STARTS = Instant.parse("2026-12-01T09:00:00Z");
    static final Instant ENDS = Instant.parse("2026-12-01T10:00:00Z");
    static final UUID ALICE = UUID.fromString("5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49");
    static final UUID ALICE_BOOKING = UUID.fromString("0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30");
    static final UUID BOB = UUID.fromString("c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f");
    static final UUID BOB_BOOKING = UUID.fromString("8d7e6f5a-4b3c-4d2e-a1f0-9e8d7c6b5a43");
    static final UUID CAROL = UUID.fromString("2e4a6c8b-0d1f-4a3c-9e5b-7d9f1b3d5a6c");
    static final UUID CAROL_BOOKING = UUID.fromString("6a1f3c5e-7b9d-4f2a-8c4e-1d3b5f7a9c2e");

    private GoldenRecords() {}

    /** By golden id, {@code <topic>/<type>}. */
    static Map<String, SlotMessage> byGoldenId() {
        return Map.ofEntries(
                Map.entry("booking-commands/SlotOpened", new SlotOpened(
                        id("2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d"), at("2026-11-20T14:05:12.318Z"), SLOT, CATEGORY,
                        STARTS, ENDS, 1)),
                Map.entry("booking-commands/BookingRequested", new BookingRequested(
                        id("e1f20a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"), at("2026-11-24T08:30:00.120Z"), SLOT,
                        ALICE_BOOKING, ALICE, true, true, CATEGORY, LocalDate.parse("2026-12-01"), 2)),
                Map.entry("booking-commands/HoldConfirmationRequested", new HoldConfirmationRequested(
                        id("6f7aaae1-ef4f-4187-8067-ce982d48de66"), at("2026-11-24T08:31:12.052Z"), SLOT,
                        ALICE_BOOKING, ALICE)),
                Map.entry("booking-commands/BookingCancellationRequested", new BookingCancellationRequested(
                        id("b9a8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d"), at("2026-11-28T17:42:09Z"), SLOT, ALICE_BOOKING,
                        ALICE)),
                Map.entry("booking-commands/SlotClosed", new SlotClosed(
                        id("4d3c2b1a-0f9e-4d8c-a7b6-5a4f3e2d1c0b"), at("2026-11-29T10:00:00Z"), SLOT)),
                Map.entry("booking-events/SlotOpened", new SlotOpened(
                        id("a1751df6-5bf5-3fbd-a675-2bd368265e42"), at("2026-11-20T14:05:12.406Z"), SLOT, CATEGORY,
                        STARTS, ENDS, 1)),
                Map.entry("booking-events/BookingHeld", new BookingHeld(
                        id("2e382cac-1fb3-39bb-84cc-7c285be9dafb"), at("2026-11-24T08:30:00.120Z"), SLOT,
                        ALICE_BOOKING, ALICE, at("2026-11-24T08:35:00.120Z"), false)),
                Map.entry("booking-events/BookingConfirmed", new BookingConfirmed(
                        id("16f9ccb7-4cf4-3b22-8137-03586d8a362a"), at("2026-11-24T08:31:12.094Z"), SLOT,
                        ALICE_BOOKING, ALICE)),
                Map.entry("booking-events/BookingRejected", new BookingRejected(
                        id("87e57a6b-e664-38bc-b204-fdad8c815741"), at("2026-11-24T08:30:00.203Z"), SLOT, BOB_BOOKING,
                        BOB, RejectionReason.SLOT_TAKEN,
                        "Someone else booked this slot first; it has no free place left.")),
                Map.entry("booking-events/BookingWaitlisted", new BookingWaitlisted(
                        id("6fff6189-7432-42b5-8de3-933c88bc440c"), at("2026-11-24T08:30:05.417Z"), SLOT,
                        CAROL_BOOKING, CAROL, 2)),
                Map.entry("booking-events/WaitlistPositionChanged", new WaitlistPositionChanged(
                        id("f51ca9bc-4f03-41bb-9226-e064f57e2694"), at("2026-11-26T12:00:00.310Z"), SLOT,
                        CAROL_BOOKING, CAROL, 1)),
                Map.entry("booking-events/BookingCancelled", new BookingCancelled(
                        id("93180a6c-e0bb-3d52-8e96-db52c8373efa"), at("2026-11-28T17:42:09.061Z"), SLOT,
                        ALICE_BOOKING, ALICE, CancellationReason.REQUESTED)),
                // the expiry's id is derived from the booking and its expiresAt, as the processor derives it
                Map.entry("booking-events/HoldExpired", new HoldExpired(
                        EventIds.derive(CAROL_BOOKING, "expired/2026-11-28T17:47:09.061Z"),
                        at("2026-11-28T17:47:09.061Z"), SLOT, CAROL_BOOKING, CAROL)),
                Map.entry("booking-events/SlotClosed", new SlotClosed(
                        id("d26dff0a-3275-3260-8371-9cadc22a9653"), at("2026-11-29T10:00:00.044Z"), SLOT)),
                Map.entry("slot-availability/SlotAvailability", new SlotAvailability(
                        id("782968fc-e9cd-313a-abb4-535f1d4ff8ea"), at("2026-11-24T08:31:12.094Z"), SLOT, CATEGORY,
                        STARTS, 1, 1, 0, true, 0, 2)));
    }

    static UUID id(String uuid) {
        return UUID.fromString(uuid);
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
