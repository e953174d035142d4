/** Time slots: the calendar window, availability per day, admin creation (one, many, weekly) and deletion. */
@NullMarked
package io.slotstream.api.slot;

import org.jspecify.annotations.NullMarked;
