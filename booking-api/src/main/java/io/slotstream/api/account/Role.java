package io.slotstream.api.account;

/** What a person may do: every account is a USER; an ADMIN also manages slots, categories and all bookings. */
public enum Role {
    USER,
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
