package io.slotstream.processor.decision;

import io.slotstream.events.JsonSerde;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The stored form of a {@link SlotState}: a compact binary layout, read and written on every command. The state
 * was stored as JSON before, and a slot's remembered booking ids made that JSON kilobytes long, parsed and written
 * whole per command; the profile of the processor showed that serde above everything else. States written as
 * JSON (the store and its changelog outlive a release) are still read, and rewritten in the new layout the next
 * time their slot changes.
 *
 * <p>Layout, big-endian: the format byte {@value #FORMAT_1} (JSON always starts with '{'), then categoryId (8),
 * startsAt and endsAt (seconds 8 + nanos 4 each), capacity (4), open (1), then four counted lists (count 4): holders
 * (booking id, user id), decided (booking id), holds (booking id, user id, expiresAt, offered 1), waitlist
 * (booking id, user id). A UUID is its two longs.
 */
final class SlotStateSerde implements Serde<SlotState>, Serializer<SlotState>, Deserializer<SlotState> {

    static final byte FORMAT_1 = 1;
    private static final int UUID_BYTES = 16;
    private static final int INSTANT_BYTES = 12;

    private final JsonSerde<SlotState> legacy = new JsonSerde<>(SlotState.class);

    @Override
    public byte[] serialize(String topic, SlotState state) {
        if (state == null) {
            return null;
        }
        int size = 1 + 8 + 2 * INSTANT_BYTES + 4 + 1
                + 4 + state.holders().size() * 2 * UUID_BYTES
                + 4 + state.decided().size() * UUID_BYTES
                + 4 + state.holds().size() * (2 * UUID_BYTES + INSTANT_BYTES + 1)
                + 4 + state.waitlist().size() * 2 * UUID_BYTES;
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT_1);
        out.putLong(state.categoryId());
        putInstant(out, state.startsAt());
        putInstant(out, state.endsAt());
        out.putInt(state.capacity());
        out.put((byte) (state.open() ? 1 : 0));
        out.putInt(state.holders().size());
        for (SlotState.Holder holder : state.holders()) {
            putUuid(out, holder.bookingId());
            putUuid(out, holder.userId());
        }
        out.putInt(state.decided().size());
        for (UUID id : state.decided()) {
            putUuid(out, id);
        }
        out.putInt(state.holds().size());
        for (SlotState.Hold hold : state.holds()) {
            putUuid(out, hold.bookingId());
            putUuid(out, hold.userId());
            putInstant(out, hold.expiresAt());
            out.put((byte) (hold.offered() ? 1 : 0));
        }
        out.putInt(state.waitlist().size());
        for (SlotState.Waiter waiter : state.waitlist()) {
            putUuid(out, waiter.bookingId());
            putUuid(out, waiter.userId());
        }
        return out.array();
    }

    @Override
    public SlotState deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return legacy.deserialize(topic, data);
        }
        if (data.length == 0 || data[0] != FORMAT_1) {
            throw new SerializationException("unknown slot state format " + (data.length == 0 ? "(empty)" : data[0]));
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
            long categoryId = in.getLong();
            Instant startsAt = getInstant(in);
            Instant endsAt = getInstant(in);
            int capacity = in.getInt();
            boolean open = in.get() == 1;
            int n = count(in, 2 * UUID_BYTES);
            List<SlotState.Holder> holders = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                holders.add(new SlotState.Holder(getUuid(in), getUuid(in)));
            }
            n = count(in, UUID_BYTES);
            List<UUID> decided = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                decided.add(getUuid(in));
            }
            n = count(in, 2 * UUID_BYTES + INSTANT_BYTES + 1);
            List<SlotState.Hold> holds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                holds.add(new SlotState.Hold(getUuid(in), getUuid(in), getInstant(in), in.get() == 1));
            }
            n = count(in, 2 * UUID_BYTES);
            List<SlotState.Waiter> waitlist = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                waitlist.add(new SlotState.Waiter(getUuid(in), getUuid(in)));
            }
            if (in.hasRemaining()) {
                throw new SerializationException(in.remaining() + " bytes left over after a slot state");
            }
            return new SlotState(categoryId, startsAt, endsAt, capacity, open, holders, decided, holds, waitlist);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("cannot read a slot state: " + e, e);
        }
    }

    /** A list's count, checked against what is left so a corrupt count cannot allocate gigabytes. */
    private static int count(ByteBuffer in, int bytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * bytesEach > in.remaining()) {
            throw new IllegalArgumentException("list of " + n + " entries does not fit the " + in.remaining() + " bytes left");
        }
        return n;
    }

    private static void putUuid(ByteBuffer out, UUID id) {
        out.putLong(id.getMostSignificantBits());
        out.putLong(id.getLeastSignificantBits());
    }

    private static UUID getUuid(ByteBuffer in) {
        return new UUID(in.getLong(), in.getLong());
    }

    private static void putInstant(ByteBuffer out, Instant at) {
        out.putLong(at.getEpochSecond());
        out.putInt(at.getNano());
    }

    private static Instant getInstant(ByteBuffer in) {
        return Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the layout is fixed
    }

    @Override
    public void close() {
        // stateless: nothing to release
    }

    @Override
    public Serializer<SlotState> serializer() {
        return this;
    }

    @Override
    public Deserializer<SlotState> deserializer() {
        return this;
    }
}
