package io.slotstream.processor.limit;

import io.slotstream.events.BookingDecision;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.SlotMessage;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user stage, keyed by user id. It receives two kinds of records, both repartitioned by user: limited booking
 * requests, which it admits (forwarded, keyed by slot id, for the slot stage) or rejects ({@code USER_LIMIT},
 * keyed by slot id, for booking-events); and the slot stage's decisions that end a booking, which free the quota.
 * Under exactly-once the quota write, the forwarded records and the input offsets commit together.
 */
public final class UserLimitProcessor implements Processor<String, SlotMessage, String, SlotMessage> {

    /** The persistent key-value store of user quotas, keyed by user id. */
    public static final String STORE = "user-limits";

    private static final Logger log = LoggerFactory.getLogger(UserLimitProcessor.class);

    private final UserLimits limits;
    private final Consumer<BookingRejected> onRejection;
    private ProcessorContext<String, SlotMessage> context;
    private KeyValueStore<String, UserQuota> quotas;

    /** @param onRejection told of every USER_LIMIT rejection (metrics) */
    public UserLimitProcessor(UserLimits limits, Consumer<BookingRejected> onRejection) {
        this.limits = limits;
        this.onRejection = onRejection;
    }

    @Override
    public void init(ProcessorContext<String, SlotMessage> context) {
        this.context = context;
        this.quotas = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, SlotMessage> record) {
        SlotMessage message = record.value();
        if (message instanceof BookingRequested request) {
            String user = request.userId().toString();
            UserQuota before = quotas.get(user);
            UserLimits.Outcome outcome = limits.admit(before, request);
            if (outcome.quota() != before) {
                quotas.put(user, outcome.quota());
            }
            outcome.emitted().ifPresentOrElse(
                    fact -> {
                        context.forward(record.withKey(request.slotId().toString()).withValue(fact));
                        if (fact instanceof BookingRejected rejected) {
                            onRejection.accept(rejected);
                        }
                    },
                    () -> log.debug("Limited request {} was settled before; not admitted again", request.bookingId()));
        } else if (message instanceof BookingDecision decision) {
            String user = decision.userId().toString();
            UserQuota before = quotas.get(user);
            if (before == null) {
                // a user without limited bookings: nothing to free, and nothing worth storing
                return;
            }
            UserQuota after = limits.release(before, decision);
            if (after != before) {
                quotas.put(user, after);
            }
        } else if (message != null) {
            log.warn("Ignoring {} in the user stage", message.getClass().getSimpleName());
        }
    }
}
