package io.slotstream.api.slot;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A weekly recurring series: on the given weekdays between two dates, from one local time to another, in one
 * time zone. Local times stay put across daylight-saving changes; the UTC instants move.
 */
record WeeklySeries(
        long categoryId,
        LocalDate firstDate,
        LocalDate lastDate,
        Set<DayOfWeek> daysOfWeek,
        LocalTime startTime,
        LocalTime endTime,
        ZoneId zone,
        int capacity) {

    List<NewSlot> occurrences() {
        List<NewSlot> slots = new ArrayList<>();
        for (LocalDate day = firstDate; !day.isAfter(lastDate); day = day.plusDays(1)) {
            if (daysOfWeek.contains(day.getDayOfWeek())) {
                ZonedDateTime start = ZonedDateTime.of(day, startTime, zone);
                ZonedDateTime end = endTime.isAfter(startTime)
                        ? ZonedDateTime.of(day, endTime, zone)
                        : ZonedDateTime.of(day.plusDays(1), endTime, zone);
                slots.add(new NewSlot(categoryId, start.toInstant(), end.toInstant(), capacity));
            }
        }
        return slots;
    }
}
