/**
 * The event contract shared by every Slotstream service: topic names, the commands and events that
 * travel on them, and the JSON serdes. Downstream teams read the same contract in docs/events.
 */
@NullMarked
package io.slotstream.events;

import org.jspecify.annotations.NullMarked;
