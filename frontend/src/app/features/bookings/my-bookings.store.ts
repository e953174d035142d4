import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../../core/api/api.service';
import { Booking, Category } from '../../core/api/models';
import { messageOf } from '../../core/http/problem';

export type Scope = 'upcoming' | 'past';

/** This person's bookings, upcoming or past, read from `GET /api/user/bookings`. */
@Injectable({ providedIn: 'root' })
export class MyBookingsStore {
  private readonly api = inject(ApiService);

  readonly scope = signal<Scope>('upcoming');
  readonly bookings = signal<Booking[]>([]);
  readonly categories = signal<Map<number, Category>>(new Map());
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  /** Bookings whose cancellation was asked for here and is not yet applied. */
  readonly cancelling = signal<ReadonlySet<string>>(new Set());

  async load(scope: Scope = this.scope()): Promise<void> {
    this.scope.set(scope);
    this.loading.set(true);
    this.error.set(null);
    try {
      const [bookings, categories] = await Promise.all([
        firstValueFrom(this.api.myBookings(scope)),
        this.categories().size ? Promise.resolve(null) : firstValueFrom(this.api.categories()),
      ]);
      if (categories) {
        this.categories.set(new Map(categories.map((c) => [c.id, c])));
      }
      if (this.scope() === scope) {
        this.bookings.set(
          [...bookings].sort((a, b) =>
            scope === 'upcoming'
              ? Date.parse(a.slot.startsAt) - Date.parse(b.slot.startsAt)
              : Date.parse(b.slot.startsAt) - Date.parse(a.slot.startsAt),
          ),
        );
      }
    } catch (error) {
      this.error.set(messageOf(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Asks to cancel; the list shows it as cancelling until the decision is applied. */
  async cancel(booking: Booking): Promise<void> {
    this.cancelling.set(new Set([...this.cancelling(), booking.id]));
    try {
      const updated = await firstValueFrom(this.api.cancel(booking.id));
      this.replace(updated);
    } catch (error) {
      const next = new Set(this.cancelling());
      next.delete(booking.id);
      this.cancelling.set(next);
      throw error;
    }
  }

  /** Asks to turn a held place into a booking; the list shows "Confirming…" until the decision is applied. */
  async confirm(booking: Booking): Promise<void> {
    this.replace(await firstValueFrom(this.api.confirmHold(booking.id)));
  }

  /** Gives a held place back or leaves the waitlist (a cancellation under its own name). */
  async release(booking: Booking): Promise<void> {
    this.cancelling.set(new Set([...this.cancelling(), booking.id]));
    try {
      this.replace(await firstValueFrom(this.api.release(booking.id)));
    } catch (error) {
      const next = new Set(this.cancelling());
      next.delete(booking.id);
      this.cancelling.set(next);
      throw error;
    }
  }

  private replace(updated: Booking): void {
    this.bookings.set(this.bookings().map((b) => (b.id === updated.id ? updated : b)));
  }
}
