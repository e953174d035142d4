/** Wiring that belongs to no single capability: the WebSocket container limits and the metrics names. */
@NullMarked
package io.slotstream.push.system;

import org.jspecify.annotations.NullMarked;
