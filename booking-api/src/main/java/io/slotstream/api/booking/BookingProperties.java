package io.slotstream.api.booking;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Booking settings.
 *
 * @param maxWait the longest {@code Prefer: wait} honoured; longer asks are cut to this (default 10s)
 * @param zone the zone whose calendar days the per-user daily limits count in (default UTC)
 */
@ConfigurationProperties("slotstream.bookings")
record BookingProperties(@DefaultValue("10s") Duration maxWait, @DefaultValue("UTC") ZoneId zone) {}
