package io.slotstream.push.websocket;

import io.slotstream.push.relay.Delivery;
import io.slotstream.push.relay.StreamFrame;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.TextMessage;

/**
 * The connections of this instance, by id and by user. Delivery builds each frame's {@link TextMessage} once and
 * offers the same instance to every connection it goes to.
 */
final class ConnectionRegistry implements Delivery {

    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Set<Connection>> byUser = new ConcurrentHashMap<>();

    void add(Connection connection) {
        connections.put(connection.id(), connection);
        byUser.computeIfAbsent(connection.userId(), u -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(Connection connection) {
        connections.remove(connection.id());
        byUser.computeIfPresent(connection.userId(), (user, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    Connection get(String id) {
        return connections.get(id);
    }

    /** Closes every connection opened with this session: its user signed out or the session expired. */
    int endSession(String sessionId) {
        int closed = 0;
        for (Connection connection : connections.values()) {
            if (connection.sessionId().equals(sessionId)) {
                connection.terminate(Connection.SIGNED_OUT, "signed_out");
                closed++;
            }
        }
        return closed;
    }

    Collection<Connection> all() {
        return connections.values();
    }

    int size() {
        return connections.size();
    }

    @Override
    public void broadcast(StreamFrame frame) {
        OutFrame out = new OutFrame(frame.seq(), new TextMessage(frame.json()), frame.eventTimestamp(), OutFrame.Kind.BROADCAST);
        for (Connection connection : connections.values()) {
            connection.offerBroadcast(out);
        }
    }

    @Override
    public void toUser(UUID userId, String frameJson, long eventTimestamp) {
        Set<Connection> mine = byUser.get(userId);
        if (mine == null || mine.isEmpty()) {
            return;
        }
        OutFrame out = new OutFrame(OutFrame.NO_SEQ, new TextMessage(frameJson), eventTimestamp, OutFrame.Kind.PRIVATE);
        for (Connection connection : mine) {
            connection.offer(out);
        }
    }

    @Override
    public void epochChanged(String epoch) {
        OutFrame resync = new OutFrame(
                OutFrame.NO_SEQ, new TextMessage(ControlFrames.resync(epoch, 0, "epoch_changed")), 0, OutFrame.Kind.CONTROL);
        for (Connection connection : connections.values()) {
            connection.restartSequence(resync);
        }
    }
}
