/**
 * What browsers see: the translation of contract events into WebSocket frames, and the rule that broadcasts never
 * carry a person's identity. Pure code, no I/O.
 */
@NullMarked
package io.slotstream.push.frame;

import org.jspecify.annotations.NullMarked;
