package io.slotstream.api.slot;

import io.slotstream.api.account.SignedInUser;
import io.slotstream.api.system.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admins create slots (one, many, or a weekly series) and delete them. */
@RestController
@RequestMapping("/api/admin/timeslots")
class AdminTimeSlotController {

    static final int MAX_BATCH = 1000;

    private final TimeSlotService service;

    AdminTimeSlotController(TimeSlotService service) {
        this.service = service;
    }

    record SlotRequest(
            @NotNull @Positive Long categoryId,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt,
            @Nullable @Min(1) @Max(1000) Integer capacity) {
        NewSlot toNewSlot() {
            return new NewSlot(categoryId, startsAt, endsAt, capacity == null ? 1 : capacity);
        }
    }

    record BatchRequest(@NotEmpty @Size(max = MAX_BATCH) List<@Valid @NotNull SlotRequest> slots) {}

    record SeriesRequest(
            @NotNull @Positive Long categoryId,
            @NotNull LocalDate firstDate,
            @NotNull LocalDate lastDate,
            @NotEmpty @Size(max = 7) List<@NotNull DayOfWeek> daysOfWeek,
            @NotNull LocalTime startTime,
            @NotNull LocalTime endTime,
            @NotNull @Size(max = 64) String zone,
            @Nullable @Min(1) @Max(1000) Integer capacity) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TimeSlot createOne(@Valid @RequestBody SlotRequest body, Authentication caller) {
        return service.create(List.of(body.toNewSlot()), SignedInUser.of(caller).id()).get(0);
    }

    @PostMapping("/batch")
    @ResponseStatus(HttpStatus.CREATED)
    List<TimeSlot> createMany(@Valid @RequestBody BatchRequest body, Authentication caller) {
        return service.create(body.slots().stream().map(SlotRequest::toNewSlot).toList(), SignedInUser.of(caller).id());
    }

    @PostMapping("/recurring")
    @ResponseStatus(HttpStatus.CREATED)
    List<TimeSlot> createSeries(@Valid @RequestBody SeriesRequest body, Authentication caller) {
        if (body.lastDate().isBefore(body.firstDate())) {
            throw ApiProblem.unprocessable("invalid-range", "Invalid date range", "lastDate must not be before firstDate.");
        }
        // counted, not added: firstDate + 366 days overflows for a date at the end of java.time's range
        if (java.time.temporal.ChronoUnit.DAYS.between(body.firstDate(), body.lastDate()) > 366) {
            throw ApiProblem.unprocessable("range-too-long", "Date range too long", "A series may span at most one year.");
        }
        if (body.startTime().equals(body.endTime())) {
            throw ApiProblem.unprocessable("slot-ends-before-start", "Slot ends before it starts",
                    "startTime and endTime must differ.");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(body.zone());
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("invalid-zone", "Unknown time zone", "'" + body.zone() + "' is not a time zone such as Europe/Oslo.");
        }
        WeeklySeries series = new WeeklySeries(body.categoryId(), body.firstDate(), body.lastDate(),
                EnumSet.copyOf(body.daysOfWeek()), body.startTime(), body.endTime(), zone,
                body.capacity() == null ? 1 : body.capacity());
        List<NewSlot> occurrences;
        try {
            occurrences = series.occurrences();
        } catch (DateTimeException | ArithmeticException outOfRange) {
            // dates at the edge of what java.time holds (year 999999999): refused as the out-of-range input they are
            throw ApiProblem.unprocessable("dates-out-of-range", "Dates out of range",
                    "firstDate and lastDate must lie within the next three years.");
        }
        if (occurrences.isEmpty()) {
            throw ApiProblem.unprocessable("empty-series", "No slots in series",
                    "None of the chosen weekdays falls between firstDate and lastDate.");
        }
        if (occurrences.size() > MAX_BATCH) {
            throw ApiProblem.unprocessable("series-too-large", "Series too large",
                    "A series may create at most " + MAX_BATCH + " slots.");
        }
        return service.create(occurrences, SignedInUser.of(caller).id());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        service.delete(id);
    }
}
