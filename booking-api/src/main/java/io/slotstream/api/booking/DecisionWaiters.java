package io.slotstream.api.booking;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Requests waiting for their decision ({@code Prefer: wait=N}). The decision listener of this instance completes
 * them at once; a short poll of the database covers decisions applied by another API instance.
 */
@Component
class DecisionWaiters {

    private final Map<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final BookingRepository bookings;

    DecisionWaiters(BookingRepository bookings) {
        this.bookings = bookings;
    }

    CompletableFuture<Void> register(UUID bookingId) {
        return waiting.computeIfAbsent(bookingId, id -> new CompletableFuture<>());
    }

    void forget(UUID bookingId) {
        waiting.remove(bookingId);
    }

    void decided(UUID bookingId) {
        CompletableFuture<Void> waiter = waiting.remove(bookingId);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    int size() {
        return waiting.size();
    }

    @Scheduled(fixedDelayString = "${slotstream.bookings.wait-poll:250ms}")
    void pollDatabase() {
        if (!waiting.isEmpty()) {
            bookings.decidedAmong(waiting.keySet()).keySet().forEach(this::decided);
        }
    }
}
