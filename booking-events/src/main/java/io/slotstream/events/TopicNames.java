package io.slotstream.events;

/**
 * Names of the three Slotstream topics. Services bind this from configuration so that a deployment can
 * prefix or rename topics without a code change.
 *
 * @param bookingCommands commands for the decision, keyed by slot id (default {@code booking-commands})
 * @param bookingEvents decisions and slot lifecycle facts, keyed by slot id (default {@code booking-events})
 * @param slotAvailability compacted availability per slot, keyed by slot id (default {@code slot-availability})
 */
public record TopicNames(String bookingCommands, String bookingEvents, String slotAvailability) {

    public static final String BOOKING_COMMANDS = "booking-commands";
    public static final String BOOKING_EVENTS = "booking-events";
    public static final String SLOT_AVAILABILITY = "slot-availability";

    public TopicNames {
        bookingCommands = orDefault(bookingCommands, BOOKING_COMMANDS);
        bookingEvents = orDefault(bookingEvents, BOOKING_EVENTS);
        slotAvailability = orDefault(slotAvailability, SLOT_AVAILABILITY);
    }

    public static TopicNames defaults() {
        return new TopicNames(BOOKING_COMMANDS, BOOKING_EVENTS, SLOT_AVAILABILITY);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
