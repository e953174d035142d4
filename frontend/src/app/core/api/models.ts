/** Shapes of booking-api's JSON (see docs/api.md). Times are ISO-8601 instants in UTC. */

export type Role = 'USER' | 'ADMIN';

export interface Account {
  id: string;
  username: string;
  email: string;
  roles: Role[];
  providers: string[];
}

export interface AuthProvider {
  id: string;
  name: string;
  authorizationUrl: string;
}

export interface Category {
  id: number;
  name: string;
  color: string;
  createdAt?: string;
  /** The most active bookings one person may have in this category per day; null or absent: no limit. */
  dailyLimitPerUser?: number | null;
}

export interface TimeSlot {
  id: string;
  categoryId: number;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  available: number;
  /** Of `booked`, the places held and not confirmed yet (from availability frames; absent in older answers). */
  held?: number;
  /** People in the slot's waitlist. */
  waiting?: number;
  status: 'OPEN' | 'DELETED';
}

/**
 * PENDING until decided; then CONFIRMED, HELD (a place kept until `holdExpiresAt`, then confirmed or EXPIRED),
 * WAITLISTED (waiting at `waitlistPosition`; a freed place comes as a hold) or REJECTED; a live one may end CANCELLED.
 */
export type BookingStatus = 'PENDING' | 'HELD' | 'WAITLISTED' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';

export interface Booking {
  id: string;
  slotId: string;
  userId: string;
  username?: string | null;
  status: BookingStatus;
  reason?: string | null;
  message?: string | null;
  createdAt: string;
  decidedAt?: string | null;
  cancelRequestedAt?: string | null;
  cancelledAt?: string | null;
  holdExpiresAt?: string | null;
  waitlistPosition?: number | null;
  confirmRequestedAt?: string | null;
  expiredAt?: string | null;
  slot: { categoryId: number; startsAt: string; endsAt: string; status: string };
  availability: { capacity: number; booked: number; available: number; held?: number; waiting?: number };
}

/** How a request wants its place: now, held for a while first, and whether to wait when the slot is full. */
export interface BookingMode {
  hold?: boolean;
  waitlist?: boolean;
}

/**
 * One step of a booking's life (`GET /api/bookings/{id}/history`). `what`: REQUESTED, HELD, OFFERED, CONFIRMED,
 * REJECTED, WAITLISTED, WAITLIST_MOVED, CONFIRM_REQUESTED, CANCEL_REQUESTED, CANCELLED, EXPIRED. `actor`: USER,
 * ADMIN or SYSTEM (the stream processor's decisions).
 */
export interface HistoryEntry {
  what: string;
  actor: string;
  actorId?: string | null;
  actorName?: string | null;
  at: string;
  reason?: string | null;
  eventId?: string;
}

/** A private calendar feed's address; the server keeps only its hash, so it is shown when created. */
export interface CalendarFeed {
  url: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  totalItems: number;
}

export interface NewSlot {
  categoryId: number;
  startsAt: string;
  endsAt: string;
  capacity?: number;
}

export interface WeeklySeries {
  categoryId: number;
  firstDate: string;
  lastDate: string;
  daysOfWeek: string[];
  startTime: string;
  endTime: string;
  zone: string;
  capacity?: number;
}
