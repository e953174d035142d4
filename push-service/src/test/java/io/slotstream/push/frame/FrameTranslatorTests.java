package io.slotstream.push.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
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
                new SlotAvailability(UUID.randomUUID(), AT, SLOT, 2, AT, 1, 1, 0, true));
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
    void theBroadcastAndThePrivateFrameOfOneEventHaveDifferentDedupeKeys() {
        List<Outgoing> frames = translator.translate(new BookingConfirmed(UUID.randomUUID(), AT, SLOT, BOOKING, ALICE));

        assertThat(frames.get(0).dedupeKey()).isNotEqualTo(frames.get(1).dedupeKey());
    }
}
