package io.slotstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** How the topic serdes treat what a consumer may meet on a topic: new fields, broken records, tombstones. */
class SerdeTests {

    private static final Topics TOPICS = Topics.defaults();
    private static final String EVENTS = TopicNames.BOOKING_EVENTS;
    private static final String AVAILABILITY = TopicNames.SLOT_AVAILABILITY;
    private static final UUID SLOT = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddOptionalFields() {
        String json = """
                {"type":"BookingConfirmed","eventId":"16f9ccb7-4cf4-3b22-8137-03586d8a362a",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "bookingId":"0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30","userId":"5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49",
                 "channel":"mobile","seat":{"row":3,"number":12},"tags":["vip"]}
                """;

        BookingEvent read = TOPICS.bookingEvents().valueSerde().deserializer().deserialize(EVENTS, bytes(json));

        assertThat(read).isEqualTo(new BookingConfirmed(
                UUID.fromString("16f9ccb7-4cf4-3b22-8137-03586d8a362a"), AT, SLOT,
                UUID.fromString("0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30"),
                UUID.fromString("5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49")));
    }

    @Test
    void unknownFieldsOnTheAvailabilityTopicAreIgnoredToo() {
        String json = availability(1, 0, 1).replace("\"open\":true", "\"open\":true,\"title\":\"Morning yoga\"");

        SlotAvailability read =
                TOPICS.slotAvailability().valueSerde().deserializer().deserialize(AVAILABILITY, bytes(json));

        assertThat(read.available()).isEqualTo(1);
    }

    @Test
    void aBookingRequestWrittenBeforeHoldsWaitlistsAndLimitsStillReadsAsAPlainRequest() {
        String before = """
                {"type":"BookingRequested","eventId":"e1f20a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "bookingId":"0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30","userId":"5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49"}
                """;

        BookingCommand read =
                TOPICS.bookingCommands().valueSerde().deserializer().deserialize(TopicNames.BOOKING_COMMANDS, bytes(before));

        assertThat(read).isEqualTo(new BookingRequested(
                UUID.fromString("e1f20a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"), AT, SLOT,
                UUID.fromString("0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30"),
                UUID.fromString("5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49")));
        assertThat(read).isInstanceOfSatisfying(BookingRequested.class, request -> {
            assertThat(request.hold()).isFalse();
            assertThat(request.waitlist()).isFalse();
            assertThat(request.limited()).isFalse();
        });
    }

    @Test
    void explicitNullsForTheAddedFlagsOfABookingRequestReadAsFalse() {
        String json = """
                {"type":"BookingRequested","eventId":"e1f20a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "bookingId":"0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30","userId":"5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49",
                 "hold":null,"waitlist":null,"categoryId":null,"day":null,"dailyLimit":null}
                """;

        BookingCommand read =
                TOPICS.bookingCommands().valueSerde().deserializer().deserialize(TopicNames.BOOKING_COMMANDS, bytes(json));

        assertThat(read).isInstanceOfSatisfying(BookingRequested.class, request -> {
            assertThat(request.hold()).isFalse();
            assertThat(request.waitlist()).isFalse();
            assertThat(request.limited()).isFalse();
        });
    }

    @Test
    void aDailyLimitWithoutItsCategoryAndDayIsRefused() {
        String json = """
                {"type":"BookingRequested","eventId":"e1f20a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "bookingId":"0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30","userId":"5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49",
                 "dailyLimit":2}
                """;

        assertThatThrownBy(() -> TOPICS.bookingCommands().valueSerde().deserializer()
                        .deserialize(TopicNames.BOOKING_COMMANDS, bytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("dailyLimit");
    }

    @Test
    void anAvailabilityWrittenBeforeHeldAndWaitingStillReadsWithNoneHeldOrWaiting() {
        SlotAvailability read = TOPICS.slotAvailability().valueSerde().deserializer()
                .deserialize(AVAILABILITY, bytes(availability(3, 2, 1)));

        assertThat(read).isEqualTo(new SlotAvailability(
                UUID.fromString("782968fc-e9cd-313a-abb4-535f1d4ff8ea"), Instant.parse("2026-11-24T08:30:00.187Z"),
                SLOT, 3, AT, 3, 2, 1, true));
        assertThat(read.held()).isZero();
        assertThat(read.waiting()).isZero();
    }

    @Test
    void anAvailabilityWithMoreHeldThanBookedIsRefused() {
        String json = availability(3, 1, 2).replace("\"open\":true", "\"open\":true,\"held\":2,\"waiting\":0");

        assertThatThrownBy(() -> TOPICS.slotAvailability().valueSerde().deserializer()
                        .deserialize(AVAILABILITY, bytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("held");
    }

    @Test
    void theNewDecisionsRoundTripThroughTheEventsSerde() {
        Instant expires = AT.plusSeconds(300);
        UUID booking = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        for (BookingEvent decision : java.util.List.<BookingEvent>of(
                new BookingHeld(UUID.randomUUID(), AT, SLOT, booking, user, expires, true),
                new HoldExpired(UUID.randomUUID(), expires, SLOT, booking, user),
                new BookingWaitlisted(UUID.randomUUID(), AT, SLOT, booking, user, 3),
                new WaitlistPositionChanged(UUID.randomUUID(), AT, SLOT, booking, user, 1),
                new BookingRejected(UUID.randomUUID(), AT, SLOT, booking, user, RejectionReason.USER_LIMIT, null))) {
            byte[] written = TOPICS.bookingEvents().valueSerde().serializer().serialize(EVENTS, decision);

            assertThat(TOPICS.bookingEvents().valueSerde().deserializer().deserialize(EVENTS, written))
                    .isEqualTo(decision);
        }
    }

    @Test
    void aWaitlistPositionBelowOneIsRefused() {
        String json = """
                {"type":"BookingWaitlisted","eventId":"6fff6189-7432-42b5-8de3-933c88bc440c",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "bookingId":"0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30","userId":"5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49",
                 "position":0}
                """;

        assertThatThrownBy(() -> TOPICS.bookingEvents().valueSerde().deserializer().deserialize(EVENTS, bytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("position");
    }

    @Test
    void aMissingRequiredFieldRaisesASerializationException() {
        String withoutBookingId = """
                {"type":"BookingConfirmed","eventId":"16f9ccb7-4cf4-3b22-8137-03586d8a362a",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "userId":"5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49"}
                """;

        assertThatThrownBy(() -> TOPICS.bookingEvents().valueSerde().deserializer()
                        .deserialize(EVENTS, bytes(withoutBookingId)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bookingId");
    }

    @Test
    void anExplicitNullForARequiredFieldRaisesASerializationException() {
        String nullSlot = """
                {"type":"SlotClosed","eventId":"d26dff0a-3275-3260-8371-9cadc22a9653",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":null}
                """;

        assertThatThrownBy(() -> TOPICS.bookingEvents().valueSerde().deserializer()
                        .deserialize(EVENTS, bytes(nullSlot)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("slotId");
    }

    @Test
    void aMissingNumberRaisesASerializationExceptionRatherThanReadingZero() {
        String withoutCapacity = availability(1, 0, 1).replace("\"capacity\":1,", "");

        assertThatThrownBy(() -> TOPICS.slotAvailability().valueSerde().deserializer()
                        .deserialize(AVAILABILITY, bytes(withoutCapacity)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aMissingTypeRaisesASerializationException() {
        String untyped = availability(1, 0, 1).replace("\"type\":\"SlotAvailability\",", "");

        assertThatThrownBy(() -> TOPICS.slotAvailability().valueSerde().deserializer()
                        .deserialize(AVAILABILITY, bytes(untyped)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aTypeThatDoesNotBelongOnTheTopicRaisesASerializationException() {
        String request = """
                {"type":"BookingRequested","eventId":"e1f20a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "bookingId":"0f8a6c2e-4b1d-4e3a-9f5c-7d2b8e1a6c30","userId":"5b2e3f0c-1d4a-4f6b-9c8e-2a7d1e0b3c49"}
                """;

        assertThatThrownBy(() -> TOPICS.bookingEvents().valueSerde().deserializer().deserialize(EVENTS, bytes(request)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void anUnknownReasonCodeRaisesASerializationException() {
        String json = """
                {"type":"BookingRejected","eventId":"87e57a6b-e664-38bc-b204-fdad8c815741",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "bookingId":"8d7e6f5a-4b3c-4d2e-a1f0-9e8d7c6b5a43","userId":"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
                 "reason":"SLOT_FULL","message":"Full."}
                """;

        assertThatThrownBy(() -> TOPICS.bookingEvents().valueSerde().deserializer().deserialize(EVENTS, bytes(json)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void malformedJsonRaisesASerializationException() {
        assertThatThrownBy(() -> TOPICS.bookingEvents().valueSerde().deserializer()
                        .deserialize(EVENTS, bytes("{\"type\":\"SlotClosed\",\"eventId\":")))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> TOPICS.bookingCommands().valueSerde().deserializer()
                        .deserialize(TopicNames.BOOKING_COMMANDS, bytes("not json at all")))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> TOPICS.slotAvailability().valueSerde().deserializer()
                        .deserialize(AVAILABILITY, bytes("[1,2,3]")))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aMalformedUuidRaisesASerializationException() {
        String json = """
                {"type":"SlotClosed","eventId":"not-a-uuid",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7"}
                """;

        assertThatThrownBy(() -> TOPICS.bookingEvents().valueSerde().deserializer().deserialize(EVENTS, bytes(json)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aNullValueSerializesToNullAsATombstoneAndReadsBackAsNull() {
        assertThat(TOPICS.slotAvailability().valueSerde().serializer().serialize(AVAILABILITY, null)).isNull();
        assertThat(TOPICS.bookingEvents().valueSerde().serializer().serialize(EVENTS, null)).isNull();
        assertThat(TOPICS.bookingCommands().valueSerde().serializer().serialize(TopicNames.BOOKING_COMMANDS, null))
                .isNull();
        assertThat(TOPICS.slotAvailability().valueSerde().deserializer().deserialize(AVAILABILITY, null)).isNull();
    }

    @Test
    void aRejectionWithoutAMessageGetsTheSentenceOfItsReason() {
        for (RejectionReason reason : RejectionReason.values()) {
            BookingRejected withoutMessage = new BookingRejected(
                    UUID.randomUUID(), AT, SLOT, UUID.randomUUID(), UUID.randomUUID(), reason, null);
            BookingRejected blankMessage =
                    new BookingRejected(UUID.randomUUID(), AT, SLOT, UUID.randomUUID(), UUID.randomUUID(), reason, " ");

            assertThat(withoutMessage.message()).isEqualTo(reason.message()).isNotBlank();
            assertThat(blankMessage.message()).isEqualTo(reason.message());
        }
    }

    @Test
    void aRejectionReadWithANullMessageGetsTheSentenceOfItsReason() {
        String json = """
                {"type":"BookingRejected","eventId":"87e57a6b-e664-38bc-b204-fdad8c815741",
                 "occurredAt":"2026-12-01T09:00:00Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "bookingId":"8d7e6f5a-4b3c-4d2e-a1f0-9e8d7c6b5a43","userId":"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
                 "reason":"SLOT_IN_PAST","message":null}
                """;

        BookingEvent read = TOPICS.bookingEvents().valueSerde().deserializer().deserialize(EVENTS, bytes(json));

        assertThat(read).isInstanceOfSatisfying(BookingRejected.class, rejected -> assertThat(rejected.message())
                .isEqualTo(RejectionReason.SLOT_IN_PAST.message()));
    }

    @Test
    void availabilityWithMoreBookedAndAvailableThanCapacityIsRefused() {
        assertThatThrownBy(() -> new SlotAvailability(UUID.randomUUID(), AT, SLOT, 3, AT, 2, 2, 1, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inconsistent availability");
        assertThatThrownBy(() -> TOPICS.slotAvailability().valueSerde().deserializer()
                        .deserialize(AVAILABILITY, bytes(availability(2, 2, 1))))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("inconsistent availability");
    }

    @Test
    void availabilityWithNegativeCountsOrNoCapacityIsRefused() {
        assertThatThrownBy(() -> TOPICS.slotAvailability().valueSerde().deserializer()
                        .deserialize(AVAILABILITY, bytes(availability(2, -1, 1))))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> TOPICS.slotAvailability().valueSerde().deserializer()
                        .deserialize(AVAILABILITY, bytes(availability(0, 0, 0))))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aSlotThatEndsBeforeItStartsIsRefused() {
        String json = """
                {"type":"SlotOpened","eventId":"2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d",
                 "occurredAt":"2026-11-20T14:05:12Z","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "categoryId":3,"startsAt":"2026-12-01T10:00:00Z","endsAt":"2026-12-01T09:00:00Z","capacity":1}
                """;

        assertThatThrownBy(() -> TOPICS.bookingCommands().valueSerde().deserializer()
                        .deserialize(TopicNames.BOOKING_COMMANDS, bytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("endsAt");
    }

    @Test
    void instantsAreWrittenAsIsoStringsInUtc() {
        SlotClosed closed = new SlotClosed(UUID.randomUUID(), Instant.parse("2026-12-01T10:00:00+01:00"), SLOT);

        String json = new String(
                TOPICS.bookingEvents().valueSerde().serializer().serialize(EVENTS, closed), StandardCharsets.UTF_8);

        assertThat(json).contains("\"occurredAt\":\"2026-12-01T09:00:00Z\"");
    }

    @Test
    void anInstantWithAnOffsetIsReadAsTheSameMomentInUtc() {
        String json = """
                {"type":"SlotClosed","eventId":"d26dff0a-3275-3260-8371-9cadc22a9653",
                 "occurredAt":"2026-12-01T10:00:00+01:00","slotId":"7c9e6679-7425-40de-944b-e07fc1f90ae7"}
                """;

        BookingEvent read = TOPICS.bookingEvents().valueSerde().deserializer().deserialize(EVENTS, bytes(json));

        assertThat(read.occurredAt()).isEqualTo(AT);
    }

    @Test
    void theValueSerdeCarriesTheTypeOfEveryRecordAsItsSimpleName() {
        SlotAvailability availability = new SlotAvailability(UUID.randomUUID(), AT, SLOT, 3, AT, 1, 0, 1, true);

        String json = new String(
                TOPICS.slotAvailability().valueSerde().serializer().serialize(AVAILABILITY, availability),
                StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"type\":\"SlotAvailability\"").contains("\"categoryId\":3");
    }

    private static String availability(int capacity, int booked, int available) {
        return ("{\"type\":\"SlotAvailability\",\"eventId\":\"782968fc-e9cd-313a-abb4-535f1d4ff8ea\","
                        + "\"occurredAt\":\"2026-11-24T08:30:00.187Z\",\"slotId\":\"%s\",\"categoryId\":3,"
                        + "\"startsAt\":\"2026-12-01T09:00:00Z\",\"capacity\":%d,\"booked\":%d,\"available\":%d,"
                        + "\"open\":true}")
                .formatted(SLOT, capacity, booked, available);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
