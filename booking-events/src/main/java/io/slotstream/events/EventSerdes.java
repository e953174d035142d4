package io.slotstream.events;

/** Serdes of the contract's value types. */
public final class EventSerdes {

    private EventSerdes() {}

    public static JsonSerde<BookingCommand> bookingCommand() {
        return new JsonSerde<>(BookingCommand.class);
    }

    public static JsonSerde<BookingEvent> bookingEvent() {
        return new JsonSerde<>(BookingEvent.class);
    }

    public static JsonSerde<SlotAvailability> slotAvailability() {
        return new JsonSerde<>(SlotAvailability.class);
    }
}
