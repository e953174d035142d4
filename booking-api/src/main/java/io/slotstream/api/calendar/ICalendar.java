package io.slotstream.api.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes an iCalendar object (RFC 5545). Times are in UTC ("Z" form), which every client places in its own zone,
 * so no VTIMEZONE is needed. Lines end in CRLF and are folded at 75 octets; text values are escaped.
 */
final class ICalendar {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder();

    private ICalendar() {}

    static String of(String name, Instant now, List<CalendarFeeds.Entry> entries, boolean showWho) {
        ICalendar ics = new ICalendar();
        ics.line("BEGIN:VCALENDAR");
        ics.line("VERSION:2.0");
        ics.line("PRODID:-//Slotstream//Bookings//EN");
        ics.line("CALSCALE:GREGORIAN");
        // no METHOD: that belongs to iTIP scheduling messages (RFC 5546), which would then require an ORGANIZER
        ics.line("X-WR-CALNAME:" + text(name));
        for (CalendarFeeds.Entry entry : entries) {
            ics.line("BEGIN:VEVENT");
            ics.line("UID:" + entry.bookingId() + "@slotstream");
            ics.line("DTSTAMP:" + UTC.format(now));
            ics.line("DTSTART:" + UTC.format(entry.startsAt()));
            ics.line("DTEND:" + UTC.format(entry.endsAt()));
            ics.line("LAST-MODIFIED:" + UTC.format(entry.changedAt()));
            // a client replaces its copy of an event only when the sequence grows
            ics.line("SEQUENCE:" + entry.changes());
            ics.line("SUMMARY:" + text(entry.category() + (showWho ? " – " + entry.username() : "")
                    + ("HELD".equals(entry.status()) ? " (held, not confirmed yet)" : "")));
            ics.line("STATUS:" + switch (entry.status()) {
                case "CONFIRMED" -> "CONFIRMED";
                case "HELD" -> "TENTATIVE";
                default -> "CANCELLED";
            });
            ics.line("TRANSP:OPAQUE");
            ics.line("END:VEVENT");
        }
        ics.line("END:VCALENDAR");
        return ics.out.toString();
    }

    /** Escapes a TEXT value (RFC 5545 3.3.11). */
    static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
                .replace("\n", "\\n").replace("\r", "\\n");
    }

    /** Appends a content line, folded so that no line is longer than 75 octets (RFC 5545 3.1). */
    private void line(String content) {
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < content.length(); ) {
            int codePoint = content.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        out.append("\r\n");
    }
}
