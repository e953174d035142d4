import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { debounceTime, filter } from 'rxjs';
import { Booking } from '../../core/api/models';
import { messageOf } from '../../core/http/problem';
import { Notifier } from '../../core/notify';
import { BOOKING_FRAMES } from '../../core/push/frames';
import { PushService } from '../../core/push/push.service';
import { formatCountdown, injectTicker, remainingMs } from '../../core/time/countdown';
import { formatDay, formatTime } from '../../core/time/time';
import { BookingHistoryComponent } from './booking-history.component';
import { CalendarFeedComponent } from './calendar-feed.component';
import { MyBookingsStore, Scope } from './my-bookings.store';

const STATUS_TEXT: Record<string, string> = {
  PENDING: 'Waiting for decision',
  HELD: 'Held',
  WAITLISTED: 'In the waitlist',
  CONFIRMED: 'Confirmed',
  REJECTED: 'Not booked',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Hold expired',
};

@Component({
  selector: 'app-my-bookings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatButtonToggleModule, MatProgressBarModule, RouterLink, BookingHistoryComponent, CalendarFeedComponent],
  template: `
    <section class="page">
      <header>
        <h1>My bookings</h1>
        <mat-button-toggle-group aria-label="Which bookings" hideSingleSelectionIndicator [value]="store.scope()" (change)="show($event.value)">
          <mat-button-toggle value="upcoming">Upcoming</mat-button-toggle>
          <mat-button-toggle value="past">Past</mat-button-toggle>
        </mat-button-toggle-group>
      </header>
      @if (store.loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading bookings" />
      }
      @if (store.error(); as error) {
        <p class="form-error" role="alert">{{ error }}</p>
      } @else if (!store.loading() && store.bookings().length === 0) {
        <div class="empty" data-testid="empty">
          <p>{{ store.scope() === 'upcoming' ? 'No upcoming bookings.' : 'No past bookings yet.' }}</p>
          <a mat-flat-button routerLink="/">Find a slot</a>
        </div>
      } @else {
        <ul class="list" data-testid="bookings">
          @for (booking of store.bookings(); track booking.id) {
            <li class="item" [style.--cat]="color(booking)" [attr.data-status]="booking.status">
              <span class="bar" aria-hidden="true"></span>
              <div class="what">
                <strong>{{ category(booking) }}</strong>
                <span>{{ day(booking) }}, {{ time(booking) }}</span>
                @if (booking.status === 'REJECTED' && booking.message) {
                  <span class="why">{{ booking.message }}</span>
                }
                @if (booking.status === 'HELD' && booking.holdExpiresAt && !booking.cancelRequestedAt) {
                  <span class="why" data-testid="hold-left">Held until {{ clock(booking.holdExpiresAt) }} · {{ left(booking) }} left to confirm</span>
                }
                @if (booking.status === 'WAITLISTED' && booking.waitlistPosition) {
                  <span class="why" data-testid="position">Number {{ booking.waitlistPosition }} in the waitlist</span>
                }
              </div>
              <span class="status" [class]="'status s-' + booking.status">{{ status(booking) }}</span>
              <div class="buttons">
                @if (canConfirm(booking)) {
                  <button mat-flat-button type="button" (click)="confirm(booking)">Confirm</button>
                }
                @if (canCancel(booking)) {
                  <button mat-stroked-button type="button" (click)="cancel(booking)" [attr.aria-label]="cancelWord(booking) + ' ' + category(booking) + ' on ' + day(booking) + ' at ' + time(booking)">{{ cancelWord(booking) }}</button>
                }
                <button mat-button type="button" (click)="toggleHistory(booking.id)" [attr.aria-expanded]="open() === booking.id" [attr.aria-controls]="'history-' + booking.id">History</button>
              </div>
              @if (open() === booking.id) {
                <div class="more" [id]="'history-' + booking.id">
                  <app-booking-history [bookingId]="booking.id" />
                </div>
              }
            </li>
          }
        </ul>
      }
      <app-calendar-feed />
    </section>
  `,
  styles: `
    .page { max-width: 860px; margin: 0 auto; padding: 20px; }
    header { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: 12px; margin-bottom: 16px; }
    h1 { margin: 0; font: var(--mat-sys-headline-small); }
    .list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
    .item { display: grid; grid-template-columns: 6px 1fr auto auto; gap: 16px; align-items: center; padding: 12px 16px 12px 0;
      border-radius: 12px; background: var(--mat-sys-surface); border: 1px solid var(--mat-sys-outline-variant); overflow: hidden; }
    .bar { align-self: stretch; background: var(--cat); }
    .buttons { display: flex; gap: 6px; flex-wrap: wrap; justify-content: flex-end; }
    .more { grid-column: 2 / -1; }
    .what { display: grid; gap: 2px; }
    .what span { color: var(--mat-sys-on-surface-variant); }
    .why { font: var(--mat-sys-body-small); }
    .status { font: var(--mat-sys-label-large); padding: 4px 12px; border-radius: 999px; background: var(--mat-sys-surface-container); }
    .s-CONFIRMED { background: #e6f4ea; color: #1b5e20; }
    .s-PENDING, .s-EXPIRED { background: #fff3cd; color: #7a5a00; }
    .s-HELD { background: #e3f2fd; color: #0d47a1; }
    .s-WAITLISTED { background: #f3e5f5; color: #4a148c; }
    .s-REJECTED { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .empty { text-align: center; padding: 48px 0; color: var(--mat-sys-on-surface-variant); }
    @media (max-width: 600px) {
      .page { padding: 12px 8px; }
      .item { grid-template-columns: 6px 1fr auto; }
      .item .buttons { grid-column: 2 / span 2; justify-content: flex-start; }
    }
  `,
})
export class MyBookingsPage implements OnInit {
  protected readonly store = inject(MyBookingsStore);
  private readonly push = inject(PushService);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly ticker = injectTicker();
  /** The booking whose history is open. */
  protected readonly open = signal<string | null>(null);

  ngOnInit(): void {
    void this.store.load('upcoming');
    // decisions and cancellations arrive live: read the list again, at most once a second
    this.push.events
      .pipe(
        filter((event) => event.kind !== 'frame' || BOOKING_FRAMES.has(event.frame.type)),
        debounceTime(500),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(() => void this.store.load());
  }

  protected show(scope: Scope): void {
    void this.store.load(scope);
  }

  protected async cancel(booking: Booking): Promise<void> {
    try {
      if (booking.status === 'HELD' || booking.status === 'WAITLISTED') {
        await this.store.release(booking);
        this.notifier.info(`${booking.status === 'HELD' ? 'Releasing' : 'Leaving the waitlist of'} ${this.category(booking)} on ${this.day(booking)}…`);
      } else {
        await this.store.cancel(booking);
        this.notifier.info(`Cancelling ${this.category(booking)} on ${this.day(booking)}…`);
      }
    } catch (error) {
      this.notifier.error(messageOf(error));
    }
  }

  protected async confirm(booking: Booking): Promise<void> {
    try {
      await this.store.confirm(booking);
    } catch (error) {
      this.notifier.error(messageOf(error));
      void this.store.load();
    }
  }

  protected toggleHistory(id: string): void {
    this.open.set(this.open() === id ? null : id);
  }

  protected canConfirm(booking: Booking): boolean {
    return booking.status === 'HELD' && !booking.confirmRequestedAt && !booking.cancelRequestedAt && !this.store.cancelling().has(booking.id);
  }

  protected cancelWord(booking: Booking): string {
    return booking.status === 'HELD' ? 'Release' : booking.status === 'WAITLISTED' ? 'Leave waitlist' : 'Cancel';
  }

  protected clock(at: string): string {
    return formatTime(at);
  }

  protected left(booking: Booking): string {
    return formatCountdown(remainingMs(booking.holdExpiresAt, this.ticker.now()) ?? 0);
  }

  protected canCancel(booking: Booking): boolean {
    return (
      this.store.scope() === 'upcoming' &&
      ['CONFIRMED', 'PENDING', 'HELD', 'WAITLISTED'].includes(booking.status) &&
      !booking.cancelRequestedAt &&
      !this.store.cancelling().has(booking.id)
    );
  }

  protected status(booking: Booking): string {
    if (booking.cancelRequestedAt && booking.status !== 'CANCELLED') {
      return booking.status === 'HELD' ? 'Releasing…' : booking.status === 'WAITLISTED' ? 'Leaving…' : 'Cancelling…';
    }
    if (booking.status === 'HELD' && booking.confirmRequestedAt) {
      return 'Confirming…';
    }
    return STATUS_TEXT[booking.status] ?? booking.status;
  }

  protected category(booking: Booking): string {
    return this.store.categories().get(booking.slot.categoryId)?.name ?? 'Slot';
  }

  protected color(booking: Booking): string {
    return this.store.categories().get(booking.slot.categoryId)?.color ?? '#607d8b';
  }

  protected day(booking: Booking): string {
    return formatDay(new Date(booking.slot.startsAt));
  }

  protected time(booking: Booking): string {
    return `${formatTime(booking.slot.startsAt)}–${formatTime(booking.slot.endsAt)}`;
  }
}
