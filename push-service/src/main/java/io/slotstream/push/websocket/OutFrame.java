package io.slotstream.push.websocket;

import org.springframework.web.socket.WebSocketMessage;

/**
 * A frame ready to send, shared by every connection it goes to: the message is built once per event.
 *
 * @param seq the broadcast seq, or {@link #NO_SEQ} for private and control frames
 * @param eventTimestamp when the event was written to Kafka (epoch millis), 0 when not an event
 */
record OutFrame(long seq, WebSocketMessage<?> message, long eventTimestamp, Kind kind) {

    static final long NO_SEQ = -1;

    enum Kind {
        BROADCAST,
        PRIVATE,
        CONTROL,
        PING
    }

    int size() {
        return message.getPayloadLength();
    }
}
