package io.slotstream.push.relay;

import java.util.UUID;

/**
 * What the reader hands to the transport, always from one thread and in stream order. Implementations must not
 * block: they queue and return.
 */
public interface Delivery {

    void broadcast(StreamFrame frame);

    void toUser(UUID userId, String frameJson, long eventTimestamp);

    /** The history was lost: everything after this comes from a new stream whose seqs start again at 1. */
    void epochChanged(String epoch);
}
