package io.slotstream.api.slot;

import io.slotstream.api.system.ApiProblem;
import io.slotstream.events.SlotClosed;
import io.slotstream.events.SlotOpened;
import io.slotstream.events.Topics;
import io.slotstream.api.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates and deletes slots. Each change and its {@code SlotOpened} or {@code SlotClosed} command are written in
 * one transaction; the stream processor learns of the slot through the command, in order with its bookings.
 */
@Service
public class TimeSlotService {

    private static final Logger log = LoggerFactory.getLogger(TimeSlotService.class);
    static final Duration LONGEST_SLOT = Duration.ofHours(24);

    private final TimeSlotRepository slots;
    private final Outbox outbox;
    private final Topics topics;
    private final Clock clock;

    TimeSlotService(TimeSlotRepository slots, Outbox outbox, Topics topics, Clock clock) {
        this.slots = slots;
        this.outbox = outbox;
        this.topics = topics;
        this.clock = clock;
    }

    @Transactional
    public List<TimeSlot> create(List<NewSlot> newSlots, UUID adminId) {
        Instant now = clock.instant();
        Set<Long> knownCategories = new HashSet<>();
        List<SlotOpened> opened = new ArrayList<>(newSlots.size());
        for (NewSlot slot : newSlots) {
            check(slot, now, knownCategories);
            UUID id = UUID.randomUUID();
            slots.insert(id, slot, adminId);
            opened.add(new SlotOpened(
                    UUID.randomUUID(), now, id, slot.categoryId(), slot.startsAt(), slot.endsAt(), slot.capacity()));
        }
        outbox.appendAll(topics.bookingCommands(), opened);
        log.info("Slots created: count={} by adminId={} first={}", opened.size(), adminId,
                opened.isEmpty() ? null : opened.get(0).slotId());
        return opened.stream()
                .map(o -> new TimeSlot(o.slotId(), o.categoryId(), o.startsAt(), o.endsAt(), o.capacity(), 0,
                        o.capacity(), TimeSlot.SlotStatus.OPEN))
                .toList();
    }

    @Transactional
    public void delete(UUID slotId) {
        if (!slots.markDeleted(slotId)) {
            throw ApiProblem.notFound("slot-not-found", "Unknown slot", "There is no open slot " + slotId + ".");
        }
        outbox.append(topics.bookingCommands(), new SlotClosed(UUID.randomUUID(), clock.instant(), slotId));
        log.info("Slot deleted: slotId={}", slotId);
    }

    private void check(NewSlot slot, Instant now, Set<Long> knownCategories) {
        Instant startsAt = slot.startsAt().truncatedTo(ChronoUnit.MILLIS);
        if (!slot.endsAt().isAfter(startsAt)) {
            throw ApiProblem.unprocessable("slot-ends-before-start", "Slot ends before it starts",
                    "endsAt (" + slot.endsAt() + ") must be after startsAt (" + slot.startsAt() + ").");
        }
        if (Duration.between(slot.startsAt(), slot.endsAt()).compareTo(LONGEST_SLOT) > 0) {
            throw ApiProblem.unprocessable("slot-too-long", "Slot too long", "A slot may last at most 24 hours.");
        }
        if (!slot.startsAt().isAfter(now)) {
            throw ApiProblem.unprocessable("slot-in-past", "Slot in the past",
                    "A slot must start in the future; " + slot.startsAt() + " has passed.");
        }
        if (slot.startsAt().isAfter(now.plus(Duration.ofDays(3 * 366)))) {
            throw ApiProblem.unprocessable("slot-too-far", "Slot too far ahead", "A slot may start at most three years ahead.");
        }
        if (!knownCategories.contains(slot.categoryId())) {
            if (!slots.categoryExists(slot.categoryId())) {
                throw ApiProblem.unprocessable("category-not-found", "Unknown category",
                        "There is no category " + slot.categoryId() + ".");
            }
            knownCategories.add(slot.categoryId());
        }
    }
}
