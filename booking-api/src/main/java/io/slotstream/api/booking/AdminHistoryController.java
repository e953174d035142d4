package io.slotstream.api.booking;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin upkeep of the booking history. */
@RestController
class AdminHistoryController {

    private final HistoryRebuild rebuild;

    AdminHistoryController(HistoryRebuild rebuild) {
        this.rebuild = rebuild;
    }

    /** Replays {@code booking-events} into the history; safe to run at any time and as often as wanted. */
    @PostMapping("/api/admin/bookings/history/rebuild")
    HistoryRebuild.Result rebuild() {
        return rebuild.run();
    }
}
