import { ChangeDetectionStrategy, Component, DestroyRef, Injectable, computed, effect, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_SNACK_BAR_DATA, MatSnackBar, MatSnackBarRef } from '@angular/material/snack-bar';
import { FRAME, text } from '../../core/push/frames';
import { PushService } from '../../core/push/push.service';
import { countdownWords, formatCountdown, injectTicker, remainingMs } from '../../core/time/countdown';
import { CalendarStore } from './calendar.store';

/** The private frames that settle an offer. */
const FOLLOW_UPS: ReadonlySet<string> = new Set([FRAME.HOLD_EXPIRED, FRAME.BOOKING_CONFIRMED]);

/** What an offer notification needs: the booking the place is held for, and until when. */
export interface Offer {
  bookingId: string;
  slotId: string;
  expiresAt: string;
}

/**
 * The notification for a place offered from the waitlist: what, a countdown to the hold's end, and Confirm. It
 * stays until the hold is confirmed, released or expired (it follows the calendar's state of that booking).
 */
@Component({
  selector: 'app-offer-snack',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <div class="offer" data-testid="offer">
      <div class="text">
        <strong>A place came free for you.</strong>
        <span>{{ what() }}</span>
        @if (left() > 0) {
          <span>Held for you for <b class="clock" data-testid="offer-countdown" [attr.aria-label]="words()">{{ clock() }}</b>.</span>
        } @else {
          <span>The hold is ending…</span>
        }
      </div>
      <div class="buttons">
        <button mat-flat-button type="button" (click)="confirm()" [disabled]="confirming()" data-testid="offer-confirm">
          {{ confirming() ? 'Confirming…' : 'Confirm' }}
        </button>
        <button mat-button type="button" (click)="ref.dismiss()">Later</button>
      </div>
    </div>
  `,
  styles: `
    .offer { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
    .text { display: grid; gap: 2px; flex: 1; min-width: 200px; }
    .clock { font-variant-numeric: tabular-nums; }
    .buttons { display: flex; gap: 4px; }
  `,
})
export class OfferSnackComponent {
  protected readonly ref = inject<MatSnackBarRef<OfferSnackComponent>>(MatSnackBarRef);
  private readonly offer = inject<Offer>(MAT_SNACK_BAR_DATA);
  private readonly store = inject(CalendarStore);
  private readonly ticker = injectTicker();

  protected readonly left = computed(() => remainingMs(this.offer.expiresAt, this.ticker.now()) ?? 0);
  protected readonly clock = computed(() => formatCountdown(this.left()));
  protected readonly words = computed(() => `${countdownWords(this.left())} left`);
  protected readonly what = computed(() => {
    const slot = this.store.slots().get(this.offer.slotId);
    return slot ? this.store.describe(slot) : 'A slot you waited for.';
  });
  protected readonly confirming = computed(() => this.store.mine().get(this.offer.slotId)?.status === 'CONFIRMING');

  constructor() {
    // the hold is over one way or another (confirmed, released, expired, or the calendar learned so): go away
    effect(() => {
      const entry = this.store.mine().get(this.offer.slotId);
      if (!entry || entry.bookingId !== this.offer.bookingId || entry.status === 'CONFIRMED' || entry.status === 'CANCELLING') {
        this.ref.dismiss();
      }
    });
  }

  protected confirm(): void {
    void this.store.confirmHold(this.offer.slotId, this.offer.bookingId);
  }
}

/**
 * Shows a live notification whenever a place is offered to this person from a waitlist, on whatever page they are:
 * the calendar store keeps the hold's state, this opens the snack bar that counts down and confirms.
 */
@Injectable({ providedIn: 'root' })
export class OfferNotifier {
  private readonly push = inject(PushService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly store = inject(CalendarStore);
  private started = false;
  /** Offers shown and not yet settled, by booking id. */
  private readonly open = new Set<string>();

  start(destroyRef: DestroyRef): void {
    if (this.started) {
      return;
    }
    this.started = true;
    this.push.events.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => {
      if (event.kind !== 'frame') {
        return;
      }
      const data = event.frame.data;
      if (FOLLOW_UPS.has(event.frame.type) && this.open.has(text(data, 'bookingId') ?? '')) {
        // the calendar may not be listening (another page): its state of the offer must still end
        this.open.delete(text(data, 'bookingId') ?? '');
        this.store.apply(event.frame);
        return;
      }
      if (event.frame.type !== FRAME.BOOKING_HELD || data['offered'] !== true) {
        return;
      }
      const bookingId = text(data, 'bookingId');
      const slotId = text(data, 'slotId');
      const expiresAt = text(data, 'expiresAt');
      if (bookingId && slotId && expiresAt) {
        this.show({ bookingId, slotId, expiresAt });
      }
    });
  }

  show(offer: Offer): void {
    // the calendar may not be open: make sure it knows the hold, so Confirm and the dismissal work anywhere
    this.open.add(offer.bookingId);
    this.store.apply({ type: FRAME.BOOKING_HELD, data: { ...offer, offered: true } });
    this.snackBar.openFromComponent(OfferSnackComponent, {
      data: offer,
      panelClass: 'notice-offer',
      politeness: 'assertive',
    });
  }
}
