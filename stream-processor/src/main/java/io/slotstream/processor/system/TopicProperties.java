package io.slotstream.processor.system;

import io.slotstream.events.TopicNames;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Slotstream topics on this cluster ({@code slotstream.topics.*}).
 *
 * @param bookingCommands default {@code booking-commands}
 * @param bookingEvents default {@code booking-events}
 * @param slotAvailability default {@code slot-availability}
 * @param deadLetter where unreadable commands go; when blank (the default), the commands topic with {@code .DLT}
 *     appended
 * @param partitions partitions of every topic when this service creates them; must equal the existing count, since
 *     a slot's commands, state and facts are matched by partition number. Default 4.
 * @param replicationFactor replicas of the topics this service creates, and of Kafka Streams' internal changelog
 *     topics. Default 1 for the local single broker; 3 in production.
 * @param minInsyncReplicas {@code min.insync.replicas} of the topics this service creates and of the internal
 *     topics. Default 1; 2 in production with a replication factor of 3.
 * @param create whether to declare the topics so that they are created at startup when missing. Default true.
 */
@ConfigurationProperties("slotstream.topics")
public record TopicProperties(
        @DefaultValue(TopicNames.BOOKING_COMMANDS) String bookingCommands,
        @DefaultValue(TopicNames.BOOKING_EVENTS) String bookingEvents,
        @DefaultValue(TopicNames.SLOT_AVAILABILITY) String slotAvailability,
        @DefaultValue("") String deadLetter,
        @DefaultValue("4") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("1") int minInsyncReplicas,
        @DefaultValue("true") boolean create) {

    public TopicProperties {
        if (deadLetter.isBlank()) {
            deadLetter = bookingCommands + ".DLT";
        }
    }

    /** The defaults, for tests. */
    public static TopicProperties defaults() {
        return new TopicProperties(
                TopicNames.BOOKING_COMMANDS,
                TopicNames.BOOKING_EVENTS,
                TopicNames.SLOT_AVAILABILITY,
                "",
                4,
                (short) 1,
                1,
                true);
    }

    public TopicNames names() {
        return new TopicNames(bookingCommands, bookingEvents, slotAvailability);
    }
}
