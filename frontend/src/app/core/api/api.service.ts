import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  Account,
  AuthProvider,
  Booking,
  BookingMode,
  CalendarFeed,
  Category,
  HistoryEntry,
  NewSlot,
  Page,
  TimeSlot,
  WeeklySeries,
} from './models';

/** Every call the app makes to booking-api, on the app's own origin. */
@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);

  me(): Observable<Account> {
    return this.http.get<Account>('/api/auth/me');
  }

  providers(): Observable<AuthProvider[]> {
    return this.http.get<AuthProvider[]>('/api/auth/providers');
  }

  login(username: string, password: string): Observable<Account> {
    return this.http.post<Account>('/api/auth/login', { username, password });
  }

  register(username: string, email: string, password: string): Observable<Account> {
    return this.http.post<Account>('/api/auth/register', { username, email, password });
  }

  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null);
  }

  categories(): Observable<Category[]> {
    return this.http.get<Category[]>('/api/categories');
  }

  timeslots(from: Date, to: Date): Observable<TimeSlot[]> {
    const params = new HttpParams().set('from', from.toISOString()).set('to', to.toISOString());
    return this.http.get<TimeSlot[]>('/api/timeslots', { params });
  }

  /**
   * Asks for a place. The answer waits a few seconds for the decision (201 confirmed, 409 rejected, 202 still
   * pending; 201 held and 200 waitlisted too); the idempotency key makes a retry after a lost answer harmless.
   * `mode.hold` holds the place first (confirm it later); `mode.waitlist` waits when the slot is full.
   */
  book(slotId: string, idempotencyKey: string, waitSeconds = 5, mode: BookingMode = {}): Observable<HttpResponse<Booking>> {
    const body: { slotId: string; hold?: boolean; waitlist?: boolean } = { slotId };
    if (mode.hold) {
      body.hold = true;
    }
    if (mode.waitlist) {
      body.waitlist = true;
    }
    return this.http.post<Booking>(
      '/api/bookings',
      body,
      {
        observe: 'response',
        headers:
          waitSeconds > 0
            ? { 'Idempotency-Key': idempotencyKey, Prefer: `wait=${waitSeconds}` }
            : { 'Idempotency-Key': idempotencyKey },
      },
    );
  }

  booking(id: string): Observable<Booking> {
    return this.http.get<Booking>(`/api/bookings/${encodeURIComponent(id)}`);
  }

  cancel(id: string): Observable<Booking> {
    return this.http.delete<Booking>(`/api/bookings/${encodeURIComponent(id)}`);
  }

  /** Turns a held place into a booking; 202 while the stream processor decides, 409 when it is not held. */
  confirmHold(id: string): Observable<Booking> {
    return this.http.post<Booking>(`/api/bookings/${encodeURIComponent(id)}/confirm`, null);
  }

  /** Gives a held place back or leaves the waitlist. */
  release(id: string): Observable<Booking> {
    return this.http.post<Booking>(`/api/bookings/${encodeURIComponent(id)}/release`, null);
  }

  history(id: string): Observable<HistoryEntry[]> {
    return this.http.get<HistoryEntry[]>(`/api/bookings/${encodeURIComponent(id)}/history`);
  }

  /** Creates this person's calendar feed, or rotates it (the old URL stops working). */
  createCalendarFeed(): Observable<CalendarFeed> {
    return this.http.post<CalendarFeed>('/api/me/calendar-feed', null);
  }

  revokeCalendarFeed(): Observable<void> {
    return this.http.delete<void>('/api/me/calendar-feed');
  }

  myBookings(scope: 'all' | 'upcoming' | 'past'): Observable<Booking[]> {
    return this.http.get<Booking[]>('/api/user/bookings', { params: { scope } });
  }

  createSlot(slot: NewSlot): Observable<TimeSlot> {
    return this.http.post<TimeSlot>('/api/admin/timeslots', slot);
  }

  createSlots(slots: NewSlot[]): Observable<TimeSlot[]> {
    return this.http.post<TimeSlot[]>('/api/admin/timeslots/batch', { slots });
  }

  createSeries(series: WeeklySeries): Observable<TimeSlot[]> {
    return this.http.post<TimeSlot[]>('/api/admin/timeslots/recurring', series);
  }

  deleteSlot(id: string): Observable<void> {
    return this.http.delete<void>(`/api/admin/timeslots/${encodeURIComponent(id)}`);
  }

  createCategory(name: string, color: string): Observable<Category> {
    return this.http.post<Category>('/api/admin/categories', { name, color });
  }

  updateCategory(id: number, name: string, color: string): Observable<Category> {
    return this.http.put<Category>(`/api/admin/categories/${id}`, { name, color });
  }

  /** Sets a category's daily limit per person; null removes it. */
  setDailyLimit(id: number, dailyLimitPerUser: number | null): Observable<Category> {
    return this.http.patch<Category>(`/api/admin/categories/${id}`, { dailyLimitPerUser });
  }

  createCategoryFeed(id: number): Observable<CalendarFeed> {
    return this.http.post<CalendarFeed>(`/api/admin/categories/${id}/calendar-feed`, null);
  }

  revokeCategoryFeed(id: number): Observable<void> {
    return this.http.delete<void>(`/api/admin/categories/${id}/calendar-feed`);
  }

  deleteCategory(id: number): Observable<void> {
    return this.http.delete<void>(`/api/admin/categories/${id}`);
  }

  adminBookings(filter: {
    status?: string;
    from?: string;
    to?: string;
    userId?: string;
    slotId?: string;
    page: number;
    size: number;
  }): Observable<Page<Booking>> {
    let params = new HttpParams().set('page', filter.page).set('size', filter.size);
    for (const key of ['status', 'from', 'to', 'userId', 'slotId'] as const) {
      const value = filter[key];
      if (value) {
        params = params.set(key, value);
      }
    }
    return this.http.get<Page<Booking>>('/api/admin/bookings', { params });
  }
}
