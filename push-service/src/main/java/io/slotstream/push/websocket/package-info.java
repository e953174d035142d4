/**
 * The WebSocket transport: the {@code /ws} handshake (session and origin), resume, heartbeats and bounded sending.
 *
 * <p>Concurrency model. Four kinds of thread touch a {@link io.slotstream.push.websocket.Connection}:
 * <ul>
 *   <li>the relay reader (one per instance) calls {@link io.slotstream.push.websocket.ConnectionRegistry}: it
 *       builds each frame's {@code TextMessage} once and offers it to every connection. Offering only queues and
 *       never blocks, so no client can hold up the reader or the other clients;
 *   <li>sender threads (a small fixed pool) drain each connection's queue into its
 *       {@code ConcurrentWebSocketSessionDecorator}; at most one sender works on a connection at a time, so
 *       frames leave in order. A slow client can hold one sender thread until its send-time limit;
 *   <li>resume threads run the catch-up of a new connection (history from Redis, then the frames that arrived
 *       meanwhile, skipping those already sent by seq) before the connection goes live;
 *   <li>the heartbeat thread pings, closes connections that stopped answering, and closes those whose send has
 *       been stuck longer than the limit or whose queue passed the buffer limit.
 * </ul>
 * A connection's {@code lock} guards its catch-up state and last seq; it is held only to queue, never to send.
 * Closing is done on a separate closer thread because closing a stuck Tomcat session can itself block.
 */
@NullMarked
package io.slotstream.push.websocket;

import org.jspecify.annotations.NullMarked;
