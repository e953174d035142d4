package io.slotstream.events;

/** Why a booking request was rejected, with the sentence a person reads. */
public enum RejectionReason {
    SLOT_TAKEN("Someone else booked this slot first; it has no free place left."),
    SLOT_NOT_FOUND("This slot does not exist."),
    SLOT_CLOSED("This slot was removed from the calendar and takes no bookings."),
    SLOT_IN_PAST("This slot has already started; it can no longer be booked."),
    USER_LIMIT("You already have as many bookings in this category on that day as one person may have.");

    private final String message;

    RejectionReason(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
