package io.slotstream.api.slot;

import io.slotstream.api.system.ApiProblem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The calendar's reads: slots in a window and availability per day. Open to everyone. */
@RestController
class TimeSlotController {

    static final Duration LONGEST_WINDOW = Duration.ofDays(92);
    static final int MAX_SLOTS = 5000;

    private final TimeSlotRepository slots;

    TimeSlotController(TimeSlotRepository slots) {
        this.slots = slots;
    }

    @GetMapping("/api/timeslots")
    List<TimeSlot> window(
            @RequestParam Instant from, @RequestParam Instant to, @RequestParam(required = false) @Nullable Long categoryId) {
        checkWindow(from, to);
        return slots.findOpenInWindow(from, to, categoryId, MAX_SLOTS);
    }

    @GetMapping("/api/availability")
    List<DayAvailability> availability(
            @RequestParam Instant from, @RequestParam Instant to, @RequestParam(defaultValue = "UTC") String zone) {
        checkWindow(from, to);
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("invalid-zone", "Unknown time zone", "'" + zone + "' is not a time zone such as Europe/Oslo.");
        }
        return slots.availabilityByDay(from, to, zoneId);
    }

    static void checkWindow(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw ApiProblem.badRequest("invalid-window", "Invalid window", "'to' must be after 'from'.");
        }
        if (Duration.between(from, to).compareTo(LONGEST_WINDOW) > 0) {
            throw ApiProblem.badRequest("window-too-long", "Window too long", "A window may span at most 92 days.");
        }
    }
}
