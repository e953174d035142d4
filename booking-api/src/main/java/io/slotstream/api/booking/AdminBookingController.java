package io.slotstream.api.booking;

import io.slotstream.api.system.ApiProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** All bookings, for admins, filtered and paged. */
@RestController
class AdminBookingController {

    private final BookingRepository bookings;

    AdminBookingController(BookingRepository bookings) {
        this.bookings = bookings;
    }

    record Page(List<BookingView> items, int page, int size, long totalItems) {}

    @GetMapping("/api/admin/bookings")
    Page list(
            @RequestParam(required = false) @Nullable BookingStatus status,
            @RequestParam(required = false) @Nullable UUID slotId,
            @RequestParam(required = false) @Nullable UUID userId,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || page > 100_000 || size < 1 || size > 500) {
            throw ApiProblem.badRequest("invalid-page", "Invalid page", "page must be 0 or more and size between 1 and 500.");
        }
        BookingRepository.BookingFilter filter = new BookingRepository.BookingFilter(status, slotId, userId, from, to);
        return new Page(bookings.search(filter, page * size, size), page, size, bookings.count(filter));
    }
}
