package io.slotstream.events;

import java.util.Objects;

/** Field checks for the compact constructors, so a malformed record fails on read, not deep in a consumer. */
final class Require {

    private Require() {}

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, () -> "missing field '" + field + "'");
    }
}
