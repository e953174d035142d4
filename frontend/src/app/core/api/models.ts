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
}

export interface TimeSlot {
  id: string;
  categoryId: number;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  available: number;
  status: 'OPEN' | 'DELETED';
}

export type BookingStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';

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
  slot: { categoryId: number; startsAt: string; endsAt: string; status: string };
  availability: { capacity: number; booked: number; available: number };
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
