package io.slotstream.events;

import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed registry of Slotstream topics. Every {@code stream()}, {@code to()}, producer and listener
 * takes its topic from here, so key and value types cannot drift apart between services.
 */
public record Topics(
        Topic<String, BookingCommand> bookingCommands,
        Topic<String, BookingEvent> bookingEvents,
        Topic<String, SlotAvailability> slotAvailability) {

    public static Topics named(TopicNames names) {
        return new Topics(
                new Topic<>(names.bookingCommands(), Serdes.String(), EventSerdes.bookingCommand()),
                new Topic<>(names.bookingEvents(), Serdes.String(), EventSerdes.bookingEvent()),
                new Topic<>(names.slotAvailability(), Serdes.String(), EventSerdes.slotAvailability()));
    }

    public static Topics defaults() {
        return named(TopicNames.defaults());
    }
}
