package io.slotstream.push.websocket;

import io.slotstream.push.relay.History;
import io.slotstream.push.relay.Position;
import io.slotstream.push.relay.StreamFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what a new connection gets first: a fresh start at the end of the stream, the frames it missed, or a
 * {@code resync} when those are no longer held (older than the history, another epoch, or a seq the stream never
 * reached).
 */
final class ResumePlanner {

    /**
     * The plan for one connection.
     *
     * @param first the welcome or resync frame
     * @param missed the frames to send after it, in seq order
     * @param position the seq after which live frames continue
     */
    record Plan(String first, List<StreamFrame> missed, long position, boolean resync) {}

    private final History history;
    private final int page;

    ResumePlanner(History history, int page) {
        this.history = history;
        this.page = page;
    }

    Plan plan(ResumeRequest request) {
        Position now = history.position();
        Long lastSeq = request.lastSeq();
        if (lastSeq == null) {
            return new Plan(ControlFrames.welcome(now.epoch(), now.lastSeq(), false), List.of(), now.lastSeq(), false);
        }
        if (!now.epoch().equals(request.epoch())) {
            return resync(now, "epoch_changed");
        }
        if (lastSeq > now.lastSeq()) {
            return resync(now, "unknown_seq");
        }
        List<StreamFrame> missed = new ArrayList<>();
        long after = lastSeq;
        while (after < now.lastSeq()) {
            List<StreamFrame> frames = history.readAfter(after, page);
            if (frames.isEmpty() || frames.get(0).seq() != after + 1) {
                // the frames right after the client's seq were trimmed (or the stream was replaced)
                return resync(now, "history_trimmed");
            }
            missed.addAll(frames);
            after = frames.get(frames.size() - 1).seq();
        }
        return new Plan(ControlFrames.welcome(now.epoch(), lastSeq, true), missed, after, false);
    }

    private static Plan resync(Position now, String reason) {
        return new Plan(ControlFrames.resync(now.epoch(), now.lastSeq(), reason), List.of(), now.lastSeq(), true);
    }
}
