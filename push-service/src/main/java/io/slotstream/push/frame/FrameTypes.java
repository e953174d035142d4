package io.slotstream.push.frame;

/** The {@code type} values of server frames (docs/push-service.md lists them with their data). */
public final class FrameTypes {

    public static final String TIMESLOT_CREATED = "timeslot_created";
    public static final String TIMESLOT_DELETED = "timeslot_deleted";
    public static final String BOOKING_CREATED = "booking_created";
    public static final String BOOKING_CANCELLED = "booking_cancelled";
    public static final String AVAILABILITY_CHANGED = "availability_changed";
    public static final String BOOKING_CONFIRMED = "booking_confirmed";
    public static final String BOOKING_REJECTED = "booking_rejected";
    public static final String BOOKING_HELD = "booking_held";
    public static final String HOLD_EXPIRED = "hold_expired";
    public static final String BOOKING_WAITLISTED = "booking_waitlisted";
    public static final String WAITLIST_POSITION_CHANGED = "waitlist_position_changed";
    public static final String WELCOME = "welcome";
    public static final String RESYNC = "resync";
    public static final String PONG = "pong";

    private FrameTypes() {}
}
