package io.slotstream.push.kafka;

import io.slotstream.events.SlotMessage;
import io.slotstream.push.frame.FrameTranslator;
import io.slotstream.push.frame.Outgoing;
import io.slotstream.push.relay.Relay;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Each record of the two topics becomes its frames, appended to the relay. */
@Component
class EventListener {

    private static final Logger log = LoggerFactory.getLogger(EventListener.class);

    private final FrameTranslator translator = new FrameTranslator();
    private final Relay relay;

    EventListener(Relay relay) {
        this.relay = relay;
    }

    @KafkaListener(
            id = "push-booking-events",
            topics = "#{@topics.bookingEvents().name()}",
            containerFactory = "bookingEventsListenerFactory")
    void onBookingEvent(ConsumerRecord<String, ? extends SlotMessage> record) {
        relayRecord(record);
    }

    @KafkaListener(
            id = "push-slot-availability",
            topics = "#{@topics.slotAvailability().name()}",
            containerFactory = "slotAvailabilityListenerFactory")
    void onAvailability(ConsumerRecord<String, ? extends SlotMessage> record) {
        relayRecord(record);
    }

    private void relayRecord(ConsumerRecord<String, ? extends SlotMessage> record) {
        SlotMessage event = record.value();
        if (event == null) {
            return; // a tombstone: nothing to show
        }
        for (Outgoing frame : translator.translate(event)) {
            if (!relay.publish(frame, record.timestamp())) {
                log.debug("Dropped duplicate {} of event {}", frame.type(), event.eventId());
            }
        }
    }
}
