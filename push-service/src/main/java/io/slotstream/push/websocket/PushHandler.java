package io.slotstream.push.websocket;

import io.slotstream.push.relay.StreamFrame;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /ws} endpoint. A new connection is registered first (so it misses nothing that arrives from now on)
 * and then caught up on a resume thread. The only frame a client may send is {@code {"type":"ping"}}, answered with
 * {@code pong}; anything else, or anything over the size limit, closes that connection alone.
 */
final class PushHandler extends TextWebSocketHandler {

    static final CloseStatus BAD_FRAME = new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(), "unsupported frame");

    /** Tomcat's user property bounding a blocking send (default 20 s); kept to the send-time limit. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final Logger log = LoggerFactory.getLogger(PushHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConnectionRegistry registry;
    private final ResumePlanner planner;
    private final ConnectionProperties limits;
    private final Executor senders;
    private final Executor resumers;
    private final Executor closer;
    private final PushMetrics metrics;

    PushHandler(
            ConnectionRegistry registry,
            ResumePlanner planner,
            ConnectionProperties limits,
            Executor senders,
            Executor resumers,
            Executor closer,
            PushMetrics metrics) {
        this.registry = registry;
        this.planner = planner;
        this.limits = limits;
        this.senders = senders;
        this.resumers = resumers;
        this.closer = closer;
        this.metrics = metrics;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        UUID user = (UUID) session.getAttributes().get(SessionHandshakeInterceptor.USER);
        ResumeRequest resume = (ResumeRequest) session.getAttributes().get(SessionHandshakeInterceptor.RESUME);
        session.setTextMessageSizeLimit((int) limits.maxClientFrame().toBytes());
        boundBlockingSends(session);
        String sessionId = (String) session.getAttributes().get(SessionHandshakeInterceptor.SESSION_ID);
        Connection connection = new Connection(session, user, sessionId, limits, senders, closer, metrics);
        registry.add(connection);
        resumers.execute(() -> catchUp(connection, resume == null ? ResumeRequest.FRESH : resume));
    }

    private void catchUp(Connection connection, ResumeRequest request) {
        try {
            ResumePlanner.Plan plan = planner.plan(request);
            connection.sendNow(new TextMessage(plan.first()), OutFrame.NO_SEQ, 0, OutFrame.Kind.CONTROL);
            for (StreamFrame frame : plan.missed()) {
                connection.sendNow(new TextMessage(frame.json()), frame.seq(), 0, OutFrame.Kind.BROADCAST);
            }
            connection.goLive(plan.position());
        } catch (IOException | RuntimeException e) {
            log.info("Catch-up of connection {} failed: {}", connection.id(), e.toString());
            connection.terminate(CloseStatus.SERVER_ERROR, "catch_up_failed");
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = registry.get(session.getId());
        if (connection == null) {
            return;
        }
        connection.heard();
        if (message.getPayloadLength() > limits.maxClientFrame().toBytes() || !isPing(message.getPayload())) {
            connection.terminate(BAD_FRAME, "bad_frame");
            return;
        }
        connection.offer(new OutFrame(OutFrame.NO_SEQ, new TextMessage(ControlFrames.pong()), 0, OutFrame.Kind.CONTROL));
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        Connection connection = registry.get(session.getId());
        if (connection != null) {
            connection.heard();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Transport error on {}: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = registry.get(session.getId());
        if (connection != null) {
            connection.closed();
            registry.remove(connection);
        }
    }

    static boolean isPing(String payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            return node != null
                    && node.isObject()
                    && node.size() <= 2
                    && node.path("type").isString()
                    && "ping".equals(node.path("type").asString());
        } catch (JacksonException e) {
            return false;
        }
    }

    private void boundBlockingSends(WebSocketSession session) {
        if (session instanceof org.springframework.web.socket.adapter.NativeWebSocketSession nativeSession) {
            jakarta.websocket.Session tomcat = nativeSession.getNativeSession(jakarta.websocket.Session.class);
            if (tomcat != null) {
                tomcat.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, limits.sendTimeLimit().toMillis());
            }
        }
    }
}
