package io.slotstream.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A record on {@code booking-commands}: what booking-api asks the stream processor to decide. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SlotOpened.class, name = "SlotOpened"),
    @JsonSubTypes.Type(value = SlotClosed.class, name = "SlotClosed"),
    @JsonSubTypes.Type(value = BookingRequested.class, name = "BookingRequested"),
    @JsonSubTypes.Type(value = BookingCancellationRequested.class, name = "BookingCancellationRequested"),
    @JsonSubTypes.Type(value = HoldConfirmationRequested.class, name = "HoldConfirmationRequested")
})
public sealed interface BookingCommand extends SlotMessage
        permits SlotOpened, SlotClosed, BookingRequested, BookingCancellationRequested, HoldConfirmationRequested {}
