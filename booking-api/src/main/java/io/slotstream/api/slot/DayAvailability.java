package io.slotstream.api.slot;

import java.time.LocalDate;

/** Free and total slots of one category on one day. */
public record DayAvailability(LocalDate date, long categoryId, int totalSlots, int freeSlots, int freePlaces) {}
