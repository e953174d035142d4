package io.slotstream.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A record on {@code booking-events}: a decision of the stream processor or a slot lifecycle fact. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SlotOpened.class, name = "SlotOpened"),
    @JsonSubTypes.Type(value = SlotClosed.class, name = "SlotClosed"),
    @JsonSubTypes.Type(value = BookingConfirmed.class, name = "BookingConfirmed"),
    @JsonSubTypes.Type(value = BookingRejected.class, name = "BookingRejected"),
    @JsonSubTypes.Type(value = BookingCancelled.class, name = "BookingCancelled"),
    @JsonSubTypes.Type(value = BookingHeld.class, name = "BookingHeld"),
    @JsonSubTypes.Type(value = HoldExpired.class, name = "HoldExpired"),
    @JsonSubTypes.Type(value = BookingWaitlisted.class, name = "BookingWaitlisted"),
    @JsonSubTypes.Type(value = WaitlistPositionChanged.class, name = "WaitlistPositionChanged")
})
public sealed interface BookingEvent extends SlotMessage
        permits SlotOpened, SlotClosed, BookingDecision {}
