/** Private, revocable iCalendar (RFC 5545) feeds of a user's bookings and, for admins, of a category's bookings. */
@NullMarked
package io.slotstream.api.calendar;

import org.jspecify.annotations.NullMarked;
