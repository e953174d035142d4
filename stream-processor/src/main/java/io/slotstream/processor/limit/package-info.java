/**
 * Per-user limits: the stage keyed by user that admits a limited booking request to the slot stage or rejects it
 * with USER_LIMIT, and frees the user's quota when the slot stage ends that booking.
 */
@NullMarked
package io.slotstream.processor.limit;

import org.jspecify.annotations.NullMarked;
