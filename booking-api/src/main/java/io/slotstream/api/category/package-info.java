/** Slot categories and their display colours. */
@NullMarked
package io.slotstream.api.category;

import org.jspecify.annotations.NullMarked;
