package io.slotstream.api.slot;

import java.time.Instant;

/** A slot to create, already checked. */
record NewSlot(long categoryId, Instant startsAt, Instant endsAt, int capacity) {}
