import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../../core/api/api.service';
import { HistoryEntry } from '../../core/api/models';
import { messageOf } from '../../core/http/problem';
import { formatShortDay } from '../../core/time/time';

const WHAT_TEXT: Record<string, string> = {
  REQUESTED: 'Requested',
  HELD: 'Place held',
  OFFERED: 'Place offered from the waitlist',
  CONFIRM_REQUESTED: 'Confirmation asked',
  CONFIRMED: 'Confirmed',
  REJECTED: 'Not booked',
  WAITLISTED: 'Joined the waitlist',
  WAITLIST_MOVED: 'Moved up in the waitlist',
  CANCEL_REQUESTED: 'Cancellation asked',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Hold expired',
};

/** A step in words: "Place held", with who did it ("you", "admin alice", "the system"). */
export function describeStep(entry: HistoryEntry): { what: string; who: string } {
  const what = WHAT_TEXT[entry.what] ?? entry.what.toLowerCase().replace(/_/g, ' ');
  const who =
    entry.actor === 'SYSTEM'
      ? 'the system'
      : entry.actor === 'ADMIN'
        ? `admin ${entry.actorName ?? ''}`.trim()
        : (entry.actorName ?? 'the user');
  return { what, who };
}

/** The server's reason with its instants in local time: "held until 2030-01-01T10:08:00Z" reads "held until 11:08:00". */
export function readableReason(reason: string): string {
  return reason.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, (instant) =>
    new Date(instant).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  );
}

/** The audit trail of one booking (`GET /api/bookings/{id}/history`), for its owner or an admin. */
@Component({
  selector: 'app-booking-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule],
  template: `
    <div class="history" [attr.aria-busy]="loading()" data-testid="history">
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the history" />
      } @else if (error(); as error) {
        <p class="form-error" role="alert">
          The history could not be loaded. {{ error }}
          <button mat-button type="button" (click)="load()">Try again</button>
        </p>
      } @else if (entries().length === 0) {
        <p class="muted" data-testid="history-empty">No history recorded for this booking yet.</p>
      } @else {
        <ol>
          @for (entry of entries(); track $index) {
            <li [attr.data-what]="entry.what">
              <time [attr.datetime]="entry.at">{{ when(entry.at) }}</time>&ngsp;
              <span class="what">{{ step(entry).what }}</span>&ngsp;
              <span class="who">by {{ step(entry).who }}</span>
              @if (entry.reason) {
                &ngsp;<span class="reason">({{ reason(entry.reason) }})</span>
              }
            </li>
          }
        </ol>
      }
    </div>
  `,
  styles: `
    .history { padding: 4px 0 8px; }
    ol { list-style: none; margin: 0; padding: 0 0 0 14px; border-left: 2px solid var(--mat-sys-outline-variant); display: grid; gap: 6px; }
    li { display: flex; gap: 8px; flex-wrap: wrap; align-items: baseline; font: var(--mat-sys-body-medium); }
    time { font-variant-numeric: tabular-nums; color: var(--mat-sys-on-surface-variant); min-width: 112px; }
    .what { font-weight: 500; }
    .who, .reason { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .muted { color: var(--mat-sys-on-surface-variant); margin: 4px 0; }
  `,
})
export class BookingHistoryComponent {
  private readonly api = inject(ApiService);

  readonly bookingId = input.required<string>();

  protected readonly entries = signal<HistoryEntry[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.bookingId();
      void this.load(id);
    });
  }

  async load(id: string = this.bookingId()): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const entries = await firstValueFrom(this.api.history(id));
      if (id === this.bookingId()) {
        this.entries.set(entries);
      }
    } catch (error) {
      this.error.set(messageOf(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected step(entry: HistoryEntry): { what: string; who: string } {
    return describeStep(entry);
  }

  protected reason(reason: string): string {
    return readableReason(reason);
  }

  protected when(at: string): string {
    // steps often come seconds apart (a hold, its confirmation): the seconds matter here
    const time = new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return `${formatShortDay(new Date(at))} ${time}`;
  }
}
