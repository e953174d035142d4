import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  Account,
  AuthProvider,
  Booking,
  Category,
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
   * pending); the idempotency key makes a retry after a lost answer harmless.
   */
  book(slotId: string, idempotencyKey: string, waitSeconds = 5): Observable<HttpResponse<Booking>> {
    return this.http.post<Booking>(
      '/api/bookings',
      { slotId },
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
