/**
 * The booking decision: per-slot state, the rules that turn a command into facts, the processor that keeps
 * the state in a store and the topology that wires it between the topics.
 */
@NullMarked
package io.slotstream.processor.decision;

import org.jspecify.annotations.NullMarked;
