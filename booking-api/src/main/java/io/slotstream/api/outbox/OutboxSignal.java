package io.slotstream.api.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Wakes the relay as soon as a transaction that wrote to the outbox commits, instead of waiting for its poll. */
@Component
class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);

    void signal() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    void await(Duration timeout) throws InterruptedException {
        if (permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            permits.drainPermits();
        }
    }
}
