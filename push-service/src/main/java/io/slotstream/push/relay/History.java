package io.slotstream.push.relay;

import java.util.List;

/** The broadcast history, for resume. */
public interface History {

    /** The current epoch (created when missing) and last seq, read atomically. */
    Position position();

    /** Frames with a seq greater than {@code afterSeq}, in order, at most {@code max}. */
    List<StreamFrame> readAfter(long afterSeq, int max);
}
