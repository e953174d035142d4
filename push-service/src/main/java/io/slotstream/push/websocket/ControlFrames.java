package io.slotstream.push.websocket;

import io.slotstream.push.frame.FrameTypes;

/** The frames the server sends about the connection itself rather than about an event. */
final class ControlFrames {

    private ControlFrames() {}

    /** First frame of a connection that resumed, or started fresh: live frames follow after {@code seq}. */
    static String welcome(String epoch, long seq, boolean resumed) {
        return "{\"type\":\"" + FrameTypes.WELCOME + "\",\"seq\":" + seq + ",\"data\":{\"epoch\":\"" + epoch
                + "\",\"resumed\":" + resumed + "}}";
    }

    /** What the client holds cannot be brought up to date: reload over HTTP; live frames follow after {@code seq}. */
    static String resync(String epoch, long seq, String reason) {
        return "{\"type\":\"" + FrameTypes.RESYNC + "\",\"seq\":" + seq + ",\"data\":{\"epoch\":\"" + epoch
                + "\",\"reason\":\"" + reason + "\"}}";
    }

    static String pong() {
        return "{\"type\":\"" + FrameTypes.PONG + "\",\"data\":{}}";
    }
}
