/**
 * push-service: booking events from Kafka, relayed through Redis, to every signed-in browser over WebSocket, with
 * resume after a reconnect. See docs/push-service.md.
 */
@NullMarked
package io.slotstream.push;

import org.jspecify.annotations.NullMarked;
