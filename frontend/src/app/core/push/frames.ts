/**
 * The frame types the app reacts to, in one place (see docs/push-service.md). Broadcasts carry a `seq` and no
 * person; private frames go to the booking's owner only and carry its `bookingId`.
 */
export const FRAME = {
  // broadcasts
  AVAILABILITY_CHANGED: 'availability_changed',
  TIMESLOT_CREATED: 'timeslot_created',
  TIMESLOT_DELETED: 'timeslot_deleted',
  BOOKING_CREATED: 'booking_created',
  BOOKING_CANCELLED: 'booking_cancelled',
  // private decisions
  BOOKING_CONFIRMED: 'booking_confirmed',
  BOOKING_REJECTED: 'booking_rejected',
  /** `{bookingId, slotId, expiresAt, offered}`: a place held until expiresAt; offered when it came from the waitlist. */
  BOOKING_HELD: 'booking_held',
  /** `{bookingId, slotId}`: the hold was not confirmed in time; the place went back (or to the next in line). */
  HOLD_EXPIRED: 'hold_expired',
  /** `{bookingId, slotId, position}`: the slot was full; the request waits at position (1 is next). */
  BOOKING_WAITLISTED: 'booking_waitlisted',
  /** `{bookingId, slotId, position}`: someone ahead left or got a place. */
  WAITLIST_POSITION_CHANGED: 'waitlist_position_changed',
} as const;

/** Frames that change one of this person's bookings or a slot's places: the bookings list reads itself again. */
export const BOOKING_FRAMES: ReadonlySet<string> = new Set([
  FRAME.BOOKING_CREATED,
  FRAME.BOOKING_CANCELLED,
  FRAME.BOOKING_CONFIRMED,
  FRAME.BOOKING_REJECTED,
  FRAME.BOOKING_HELD,
  FRAME.HOLD_EXPIRED,
  FRAME.BOOKING_WAITLISTED,
  FRAME.WAITLIST_POSITION_CHANGED,
]);

/** A string field of a frame's data, or null. */
export function text(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' ? value : null;
}

/** A whole-number field of a frame's data, or null. */
export function count(data: Record<string, unknown>, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
