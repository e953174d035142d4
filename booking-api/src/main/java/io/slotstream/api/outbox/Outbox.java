package io.slotstream.api.outbox;

import io.slotstream.events.SlotMessage;
import io.slotstream.events.Topic;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes messages for Kafka into the outbox table, inside the caller's transaction: the row that changed and the
 * message that announces it commit together or not at all. The {@link OutboxRelay} publishes them afterwards.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final OutboxSignal signal;

    Outbox(JdbcClient jdbc, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.signal = signal;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public <V extends SlotMessage> void append(Topic<String, V> topic, V message) {
        appendAll(topic, List.of(message));
    }

    /** Appends messages keyed by their slot id, so each slot's messages keep their order in one partition. */
    @Transactional(propagation = Propagation.MANDATORY)
    public <V extends SlotMessage> void appendAll(Topic<String, V> topic, List<? extends V> messages) {
        for (V message : messages) {
            jdbc.sql("insert into outbox (event_id, topic, message_key, payload) values (:eventId, :topic, :key, :payload)")
                    .param("eventId", message.eventId())
                    .param("topic", topic.name())
                    .param("key", message.slotId().toString())
                    .param("payload", topic.valueSerde().serializer().serialize(topic.name(), message))
                    .update();
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.signal();
                }
            });
        }
    }
}
