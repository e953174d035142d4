/**
 * Who is on the other end of a handshake: the {@code SESSION} cookie, looked up in the Redis session store that
 * booking-api writes (read only; push-service never creates, extends or changes a session).
 */
@NullMarked
package io.slotstream.push.session;

import org.jspecify.annotations.NullMarked;
