package io.slotstream.push.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingHeld;
import io.slotstream.events.BookingWaitlisted;
import io.slotstream.events.HoldExpired;
import io.slotstream.events.WaitlistPositionChanged;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.CancellationReason;
import io.slotstream.events.RejectionReason;
import io.slotstream.events.SlotAvailability;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotMessage;
import io.slotstream.events.SlotOpened;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FrameTranslatorTests {

    static final UUID SLOT = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static final UUID ALICE = UUID.fromString("5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49");
    static final UUID BOOKING = UUID.fromString("0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30");
    static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();

    final FrameTranslator translator = new FrameTranslator();

    static List<SlotMessage> everyEventType() {
        return List.of(
                new SlotOpened(UUID.randomUUID(), AT, SLOT, 2, AT, AT.plusSeconds(3600), 1),
                new SlotClosed(UUID.randomUUID(), AT, SLOT),
                new BookingConfirmed(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE),
                new BookingRejected(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, RejectionReason.SLOT_TAKEN, null),
                new BookingCancelled(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, CancellationReason.REQUESTED),
                new SlotAvailability(UUID.randomUUID(), AT, SLOT, 2, AT, 1, 1, 0, true),
                new BookingHeld(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, AT.plusSeconds(300), true),
                new HoldExpired(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE),
                new BookingWaitlisted(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, 2),
                new WaitlistPositionChanged(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, 1),
                new SlotAvailability(UUID.randomUUID(), AT, SLOT, 2, AT, 3, 2, 1, true, 1, 4));
    }

    @Test
    void noBroadcastCarriesTheUserIdOrTheBookingIdOfAnyEvent() {
        for (SlotMessage event : everyEventType()) {
            for (Outgoing frame : translator.translate(event)) {
                if (frame instanceof Outgoing.Broadcast broadcast) {
                    assertThat(broadcast.data()).as(broadcast.type())
                            .doesNotContain(ALICE.toString())
                            .doesNotContain(BOOKING.toString())
                            .doesNotContainIgnoringCase("user")
                            .doesNotContainIgnoringCase("email");
                }
            }
        }
    }

    @Test
    void aConfirmationIsBroadcastAsBookingCreatedAndSentPrivatelyToItsOwner() {
        List<Outgoing> frames = translator.translate(new BookingConfirmed(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE));

        assertThat(frames).hasSize(2);
        Outgoing.Broadcast broadcast = (Outgoing.Broadcast) frames.get(0);
        assertThat(broadcast.type()).isEqualTo("booking_created");
        assertThat(JSON.readTree(broadcast.data()).get("slotId").asString()).isEqualTo(SLOT.toString());
        Outgoing.Private toOwner = (Outgoing.Private) frames.get(1);
        assertThat(toOwner.type()).isEqualTo("booking_confirmed");
        assertThat(toOwner.userId()).isEqualTo(ALICE);
        JsonNode frame = JSON.readTree(toOwner.frame());
        assertThat(frame.get("type").asString()).isEqualTo("booking_confirmed");
        assertThat(frame.has("seq")).as("private frames are outside the broadcast sequence").isFalse();
        assertThat(frame.get("data").get("bookingId").asString()).isEqualTo(BOOKING.toString());
        assertThat(toOwner.data()).as("the owner knows who they are; the frame need not say").doesNotContain(ALICE.toString());
    }

    @Test
    void aRejectionGoesOnlyToItsOwnerWithTheReasonAndTheSentence() {
        List<Outgoing> frames = translator.translate(
                new BookingRejected(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, RejectionReason.SLOT_TAKEN, null));

        assertThat(frames).singleElement().isInstanceOf(Outgoing.Private.class);
        JsonNode data = JSON.readTree(frames.get(0).data());
        assertThat(frames.get(0).type()).isEqualTo("booking_rejected");
        assertThat(data.get("reason").asString()).isEqualTo("SLOT_TAKEN");
        assertThat(data.get("message").asString()).isEqualTo(RejectionReason.SLOT_TAKEN.message());
        assertThat(data.get("slotId").asString()).isEqualTo(SLOT.toString());
    }

    @Test
    void availabilityCarriesTheWholeStateOfTheSlot() {
        List<Outgoing> frames = translator.translate(new SlotAvailability(UUID.randomUUID(), AT, SLOT, 3, AT, 4, 1, 3, true));

        JsonNode data = JSON.readTree(frames.get(0).data());
        assertThat(frames.get(0).type()).isEqualTo("availability_changed");
        assertThat(data.get("categoryId").asLong()).isEqualTo(3);
        assertThat(data.get("startsAt").asString()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(data.get("capacity").asInt()).isEqualTo(4);
        assertThat(data.get("booked").asInt()).isEqualTo(1);
        assertThat(data.get("available").asInt()).isEqualTo(3);
        assertThat(data.get("open").asBoolean()).isTrue();
    }

    @Test
    void everyEventTypeGivesAtLeastOneFrame() {
        for (SlotMessage event : everyEventType()) {
            assertThat(translator.translate(event)).as(event.getClass().getSimpleName()).isNotEmpty();
        }
    }

    @Test
    void aHoldGoesOnlyToItsHolderWithItsExpiryAndWhetherItWasOffered() {
        Instant expiresAt = AT.plusSeconds(300);
        List<Outgoing> frames = translator.translate(new BookingHeld(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, expiresAt, true));

        assertThat(frames).singleElement().isInstanceOf(Outgoing.Private.class);
        Outgoing.Private toHolder = (Outgoing.Private) frames.get(0);
        assertThat(toHolder.type()).isEqualTo("booking_held");
        assertThat(toHolder.userId()).isEqualTo(ALICE);
        JsonNode data = JSON.readTree(toHolder.data());
        assertThat(data.get("bookingId").asString()).isEqualTo(BOOKING.toString());
        assertThat(data.get("slotId").asString()).isEqualTo(SLOT.toString());
        assertThat(data.get("expiresAt").asString()).isEqualTo("2026-12-01T09:05:00Z");
        assertThat(data.get("offered").asBoolean()).isTrue();
        assertThat(toHolder.data()).doesNotContain(ALICE.toString());
    }

    @Test
    void anExpiredHoldIsToldToItsHolderOnly() {
        List<Outgoing> frames = translator.translate(new HoldExpired(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE));

        assertThat(frames).singleElement().isInstanceOf(Outgoing.Private.class);
        assertThat(frames.get(0).type()).isEqualTo("hold_expired");
        assertThat(((Outgoing.Private) frames.get(0)).userId()).isEqualTo(ALICE);
        assertThat(JSON.readTree(frames.get(0).data()).get("bookingId").asString()).isEqualTo(BOOKING.toString());
    }

    @Test
    void aWaiterHearsTheirPositionWhenTheyJoinAndWhenTheyMoveUp() {
        Outgoing joined = translator.translate(new BookingWaitlisted(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, 3)).get(0);
        Outgoing moved = translator.translate(new WaitlistPositionChanged(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, 1)).get(0);

        assertThat(joined).isInstanceOf(Outgoing.Private.class);
        assertThat(joined.type()).isEqualTo("booking_waitlisted");
        assertThat(JSON.readTree(joined.data()).get("position").asInt()).isEqualTo(3);
        assertThat(moved).isInstanceOf(Outgoing.Private.class);
        assertThat(moved.type()).isEqualTo("waitlist_position_changed");
        assertThat(JSON.readTree(moved.data()).get("position").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(moved.data()).get("bookingId").asString()).isEqualTo(BOOKING.toString());
    }

    @Test
    void availabilityCountsHeldPlacesAndWaitersAndACancellationBroadcastIsUnchanged() {
        JsonNode data = JSON.readTree(translator.translate(
                new SlotAvailability(UUID.randomUUID(), AT, SLOT, 3, AT, 3, 2, 1, true, 1, 4)).get(0).data());
        assertThat(data.get("held").asInt()).isEqualTo(1);
        assertThat(data.get("waiting").asInt()).isEqualTo(4);
        assertThat(data.get("booked").asInt()).isEqualTo(2);

        List<Outgoing> cancelled = translator.translate(
                new BookingCancelled(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE, CancellationReason.REQUESTED));
        assertThat(cancelled).singleElement().isInstanceOf(Outgoing.Broadcast.class);
        assertThat(cancelled.get(0).type()).isEqualTo("booking_cancelled");
        JsonNode cancelledData = JSON.readTree(cancelled.get(0).data());
        assertThat(cancelledData.size()).isEqualTo(3);
        assertThat(cancelledData.has("slotId") && cancelledData.has("reason") && cancelledData.has("occurredAt")).isTrue();
    }

    @Test
    void theBroadcastAndThePrivateFrameOfOneEventHaveDifferentDedupeKeys() {
        List<Outgoing> frames = translator.translate(new BookingConfirmed(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE));

        assertThat(frames.get(0).dedupeKey()).isNotEqualTo(frames.get(1).dedupeKey());
    }
}
