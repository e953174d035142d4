import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { AuthStore } from '../../core/auth/auth.store';
import { PushService } from '../../core/push/push.service';
import { countdownWords, formatCountdown, injectTicker } from '../../core/time/countdown';
import { browserZone, formatDay, formatShortDay, formatTime, localToInstant, offsetLabel } from '../../core/time/time';
import { IconComponent } from '../../shared/ui/icon.component';
import { AgendaComponent } from './agenda.component';
import { CalendarStore, CalendarView, MyBooking, SlotView } from './calendar.store';
import { stateText } from './slot-label';
import { TimeGridComponent } from './time-grid.component';

@Component({
  selector: 'app-calendar-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    RouterLink,
    TimeGridComponent,
    AgendaComponent,
    IconComponent,
  ],
  templateUrl: './calendar.page.html',
  styleUrl: './calendar.page.scss',
})
export class CalendarPage implements OnInit {
  protected readonly store = inject(CalendarStore);
  protected readonly auth = inject(AuthStore);
  protected readonly push = inject(PushService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly route = inject(ActivatedRoute);

  protected readonly zone = browserZone();
  /** The zone's offset on the first day shown (it changes with daylight-saving time). */
  protected readonly offset = computed(() => offsetLabel(this.store.days()[0]));
  protected readonly selectedId = signal<string | null>(null);
  private readonly ticker = injectTicker();

  protected readonly selected = computed<SlotView | null>(() => {
    const id = this.selectedId();
    if (!id) {
      return null;
    }
    const slot = this.store.slots().get(id);
    if (!slot) {
      return null;
    }
    return this.store.visibleSlots().find((s) => s.id === id) ?? null;
  });

  protected readonly decision = computed(() => {
    const decision = this.store.decision();
    return decision && decision.slotId === this.selectedId() ? decision : null;
  });

  /** The selected slot's hold, if this person holds a place there: a countdown that ticks each second. */
  protected readonly hold = computed(() => {
    const id = this.selectedId();
    const entry = id ? this.store.mine().get(id) : undefined;
    const ms = id ? this.store.holdRemaining(id, this.ticker.now()) : null;
    if (!entry || ms === null || !entry.holdExpiresAt) {
      return null;
    }
    return {
      ms,
      clock: formatCountdown(ms),
      words: countdownWords(ms),
      until: formatTime(entry.holdExpiresAt),
      offered: entry.offered === true,
      confirming: entry.status === 'CONFIRMING',
    };
  });

  protected readonly title = computed(() => {
    const days = this.store.days();
    if (this.store.view() === 'day') {
      return formatDay(days[0]);
    }
    return `${formatShortDay(days[0])} – ${formatShortDay(days[days.length - 1])}`;
  });

  ngOnInit(): void {
    // links may open a given day and view: /?date=2026-12-01&view=week
    const params = this.route.snapshot.queryParamMap;
    const date = params.get('date');
    const view = params.get('view');
    if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
      this.store.anchor.set(localToInstant(date, '00:00'));
    }
    if (view === 'week' || view === 'day' || view === 'agenda') {
      this.store.view.set(view);
    } else if (window.matchMedia?.('(max-width: 720px)').matches && this.store.view() === 'week') {
      this.store.view.set('agenda');
    }
    this.store.connect(this.destroyRef);
    void this.store.load();
  }

  protected setView(view: CalendarView): void {
    this.store.setView(view);
  }

  protected select(slot: SlotView): void {
    this.selectedId.set(slot.id);
  }

  protected close(): void {
    this.selectedId.set(null);
  }

  protected async book(slot: SlotView): Promise<void> {
    await this.store.book(slot);
  }

  protected async holdSlot(slot: SlotView): Promise<void> {
    await this.store.book(slot, { hold: true });
  }

  protected async joinWaitlist(slot: SlotView): Promise<void> {
    await this.store.book(slot, { waitlist: true });
  }

  protected async confirm(slot: SlotView): Promise<void> {
    await this.store.confirmHold(slot.id);
  }

  protected mineOf(slot: SlotView): MyBooking | undefined {
    return this.store.mine().get(slot.id);
  }

  protected async cancel(slot: SlotView): Promise<void> {
    await this.store.cancel(slot.id);
  }

  protected isHidden(id: number): boolean {
    return this.store.hiddenCategories().has(id);
  }

  protected time(slot: SlotView): string {
    return `${formatTime(slot.startsAt)}–${formatTime(slot.endsAt)}`;
  }

  protected day(slot: SlotView): string {
    return formatDay(new Date(slot.startsAt));
  }

  protected stateText(slot: SlotView): string {
    return stateText(slot);
  }

  protected when(at: Date): string {
    return formatTime(at);
  }

  protected utc(slot: SlotView): string {
    return `${slot.startsAt.slice(11, 16)}–${slot.endsAt.slice(11, 16)} UTC`;
  }
}
