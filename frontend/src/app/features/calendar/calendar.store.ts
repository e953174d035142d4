import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../../core/api/api.service';
import { Booking, BookingMode, Category, TimeSlot } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth.store';
import { ApiError, messageOf } from '../../core/http/problem';
import { Notifier } from '../../core/notify';
import { FRAME, count, text } from '../../core/push/frames';
import { PushEvent, PushFrame, PushService } from '../../core/push/push.service';
import { Ticker, formatCountdown, remainingMs } from '../../core/time/countdown';
import { DAY_MS, addDays, formatRange, formatTime, startOfDay, startOfWeek } from '../../core/time/time';

export type CalendarView = 'week' | 'day' | 'agenda';
/**
 * A slot as this person sees it. `pending`: their request (or cancellation, or confirmation) is on its way;
 * `held`: a place is kept for them until a time; `waiting`: they are in its waitlist.
 */
export type SlotState = 'free' | 'taken' | 'mine' | 'pending' | 'held' | 'waiting';

/**
 * This person's live booking of a slot: requested, held (until `holdExpiresAt`; `offered` when the place came from
 * the waitlist), being confirmed, confirmed, waiting at `position`, or being cancelled (`was`: what it was before).
 */
export interface MyBooking {
  slotId: string;
  bookingId: string | null;
  status: 'PENDING' | 'HELD' | 'CONFIRMING' | 'CONFIRMED' | 'WAITLISTED' | 'CANCELLING';
  holdExpiresAt?: string | null;
  offered?: boolean;
  position?: number | null;
  was?: 'HELD' | 'WAITLISTED' | 'CONFIRMED' | 'PENDING';
}

export interface SlotView extends TimeSlot {
  state: SlotState;
  category: Category | undefined;
}

/** The last decision about one of this person's requests, shown next to the slot. */
export interface Decision {
  slotId: string;
  outcome: 'confirmed' | 'held' | 'waitlisted' | 'expired' | 'rejected' | 'cancelled' | 'error';
  message: string;
}

/** One line of "what happened" in the activity list. */
export interface Activity {
  at: Date;
  text: string;
  missed: boolean;
}

const AGENDA_DAYS = 14;
const FALLBACK_POLL_MS = 8_000;
/** After a hold's end, how long to wait for the expiry frame before reading the booking again. */
const EXPIRY_GRACE_MS = 3_000;

const REJECTION_TEXT: Record<string, string> = {
  SLOT_TAKEN: 'Someone else got the last place a moment before you.',
  SLOT_CLOSED: 'This slot was closed by the organiser.',
  SLOT_NOT_FOUND: 'This slot no longer exists.',
  SLOT_IN_PAST: 'This slot has already started.',
  USER_LIMIT: 'You have reached the most bookings allowed per day in this category.',
};

/**
 * The calendar's state: the window on screen, its slots with live availability, this person's bookings, and the
 * category filter. HTTP loads the window; push frames keep it current; a resync reloads it.
 */
@Injectable({ providedIn: 'root' })
export class CalendarStore {
  private readonly api = inject(ApiService);
  private readonly auth = inject(AuthStore);
  private readonly push = inject(PushService);
  private readonly notifier = inject(Notifier);
  private readonly ticker = inject(Ticker);

  readonly view = signal<CalendarView>('week');
  readonly anchor = signal<Date>(startOfDay(new Date()));
  readonly categories = signal<Category[]>([]);
  readonly hiddenCategories = signal<ReadonlySet<number>>(new Set());
  readonly slots = signal<ReadonlyMap<string, TimeSlot>>(new Map());
  readonly mine = signal<ReadonlyMap<string, MyBooking>>(new Map());
  readonly loading = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly decision = signal<Decision | null>(null);
  readonly activity = signal<Activity[]>([]);
  /** Set after a resumed reconnect: how many changes were replayed. */
  readonly catchUp = signal<{ missed: number; at: Date } | null>(null);

  readonly range = computed(() => {
    const anchor = this.anchor();
    switch (this.view()) {
      case 'day':
        return { from: startOfDay(anchor), to: addDays(startOfDay(anchor), 1) };
      case 'agenda':
        return { from: startOfDay(anchor), to: addDays(startOfDay(anchor), AGENDA_DAYS) };
      default: {
        const from = startOfWeek(anchor);
        return { from, to: addDays(from, 7) };
      }
    }
  });

  readonly days = computed(() => {
    const { from, to } = this.range();
    const days: Date[] = [];
    for (let day = from; day < to; day = addDays(day, 1)) {
      days.push(day);
    }
    return days;
  });

  private readonly categoryById = computed(() => new Map(this.categories().map((c) => [c.id, c])));

  /** The slots on screen: in the window, of a shown category, in time order, each with its state. */
  readonly visibleSlots = computed<SlotView[]>(() => {
    const { from, to } = this.range();
    const hidden = this.hiddenCategories();
    const mine = this.mine();
    const categories = this.categoryById();
    return [...this.slots().values()]
      .filter((slot) => slot.status !== 'DELETED' && !hidden.has(slot.categoryId))
      .filter((slot) => Date.parse(slot.endsAt) > from.getTime() && Date.parse(slot.startsAt) < to.getTime())
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id.localeCompare(b.id))
      .map((slot) => ({ ...slot, state: stateOf(slot, mine.get(slot.id)), category: categories.get(slot.categoryId) }));
  });

  private loadToken = 0;
  private pollTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private connected = false;

  /** Subscribes to the push connection for as long as `destroyRef` lives (the calendar page). */
  connect(destroyRef: DestroyRef): void {
    if (this.connected) {
      return;
    }
    this.connected = true;
    this.push.events.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.onPush(event));
    destroyRef.onDestroy(() => (this.connected = false));
  }

  setView(view: CalendarView): void {
    this.view.set(view);
    void this.load();
  }

  move(direction: -1 | 0 | 1): void {
    if (direction === 0) {
      this.anchor.set(startOfDay(new Date()));
    } else {
      const step = this.view() === 'week' ? 7 : this.view() === 'agenda' ? AGENDA_DAYS : 1;
      this.anchor.set(addDays(this.anchor(), direction * step));
    }
    void this.load();
  }

  goTo(day: Date, view: CalendarView = 'day'): void {
    this.anchor.set(startOfDay(day));
    this.view.set(view);
    void this.load();
  }

  toggleCategory(id: number): void {
    const hidden = new Set(this.hiddenCategories());
    if (hidden.has(id)) {
      hidden.delete(id);
    } else {
      hidden.add(id);
    }
    this.hiddenCategories.set(hidden);
  }

  showAllCategories(): void {
    this.hiddenCategories.set(new Set());
  }

  /** Loads categories, the window's slots and (when signed in) this person's upcoming bookings. */
  async load(): Promise<void> {
    const token = ++this.loadToken;
    const { from, to } = this.range();
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const [categories, slots] = await Promise.all([
        this.categories().length ? Promise.resolve(this.categories()) : firstValueFrom(this.api.categories()),
        firstValueFrom(this.api.timeslots(from, to)),
      ]);
      if (token !== this.loadToken) {
        return;
      }
      this.categories.set(categories);
      this.slots.set(new Map(slots.map((slot) => [slot.id, slot])));
      await this.loadMine();
    } catch (error) {
      if (token === this.loadToken) {
        this.loadError.set(messageOf(error));
      }
    } finally {
      if (token === this.loadToken) {
        this.loading.set(false);
      }
    }
  }

  async reloadCategories(): Promise<void> {
    this.categories.set(await firstValueFrom(this.api.categories()));
  }

  /** Rebuilds "mine" from the server, keeping requests still waiting for their first answer. */
  async loadMine(): Promise<void> {
    if (!this.auth.signedIn()) {
      this.mine.set(new Map());
      return;
    }
    const bookings = await firstValueFrom(this.api.myBookings('upcoming'));
    const next = new Map<string, MyBooking>();
    for (const [slotId, entry] of this.mine()) {
      if (entry.bookingId === null) {
        next.set(slotId, entry);
      }
    }
    for (const booking of bookings) {
      const entry = fromBooking(booking);
      if (entry) {
        next.set(entry.slotId, entry);
      }
    }
    this.mine.set(next);
    for (const entry of next.values()) {
      if (entry.status === 'HELD') {
        this.expiryCheck(entry.slotId, entry.bookingId, entry.holdExpiresAt ?? null);
      }
    }
  }

  /**
   * Asks for a place: the slot turns pending at once. The decision usually arrives over the WebSocket; when the
   * connection is not live the request waits for it over HTTP (`Prefer: wait`), and a pending answer is checked
   * again later in any case.
   */
  async book(slot: TimeSlot, mode: BookingMode = {}): Promise<void> {
    if (this.mine().get(slot.id)) {
      return;
    }
    this.setMine({ slotId: slot.id, bookingId: null, status: 'PENDING' });
    this.decision.set(null);
    const key = crypto.randomUUID();
    try {
      const live = this.push.status() === 'live';
      const response = await firstValueFrom(this.api.book(slot.id, key, live ? 0 : 5, mode));
      const booking = response.body;
      if (!booking) {
        return;
      }
      const current = this.mine().get(slot.id);
      if (current && current.bookingId === null && current.status === 'PENDING') {
        this.setMine({ slotId: slot.id, bookingId: booking.id, status: 'PENDING' });
      }
      this.reconcile(slot.id, booking);
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : null;
      if (problem?.status === 409 && typeof problem['bookingId'] === 'string') {
        this.rejected(slot.id, problem.reason ?? null, problem.detail ?? null);
      } else if (problem?.status === 409 && problem.reason) {
        this.rejected(slot.id, problem.reason, problem.detail ?? null);
      } else {
        this.removeMine(slot.id);
        this.decide({ slotId: slot.id, outcome: 'error', message: messageOf(error) });
      }
    }
  }

  /** Cancels this person's booking of the slot; it shows as pending until the cancellation is applied. */
  async cancel(slotId: string): Promise<void> {
    const entry = this.mine().get(slotId);
    if (!entry?.bookingId) {
      return;
    }
    const previous = entry.status;
    if (previous === 'CANCELLING') {
      return;
    }
    this.setMine({ ...entry, status: 'CANCELLING', was: wasOf(previous) });
    try {
      // a hold or a waitlist place is released under its own name; a booking is cancelled (the API treats both alike)
      const ask = previous === 'HELD' || previous === 'WAITLISTED' ? this.api.release(entry.bookingId) : this.api.cancel(entry.bookingId);
      const booking = await firstValueFrom(ask);
      if (booking.status === 'CANCELLED') {
        this.cancelled(slotId);
      } else {
        this.pollLater(slotId, entry.bookingId);
      }
    } catch (error) {
      this.setMine({ ...entry, status: previous });
      this.decide({ slotId, outcome: 'error', message: messageOf(error) });
    }
  }

  /** Gives a held place back, or leaves the waitlist: the same as cancelling, in the words of a hold. */
  async release(slotId: string): Promise<void> {
    await this.cancel(slotId);
  }

  /**
   * Turns a held place into a booking. The slot shows pending until `booking_confirmed`; the stream processor, not
   * this browser's clock, decides whether the hold was still live. Works for an offer made while the calendar was
   * not loaded too (the booking id is enough).
   */
  async confirmHold(slotId: string, bookingId: string | null = null): Promise<void> {
    const entry = this.mine().get(slotId);
    const id = entry?.bookingId ?? bookingId;
    if (!id || (entry && entry.status !== 'HELD')) {
      return;
    }
    const held: MyBooking = entry ?? { slotId, bookingId: id, status: 'HELD' };
    this.setMine({ ...held, status: 'CONFIRMING' });
    try {
      const booking = await firstValueFrom(this.api.confirmHold(id));
      if (this.mine().get(slotId)?.status === 'CONFIRMING') {
        this.reconcile(slotId, booking);
      }
    } catch (error) {
      if (this.mine().get(slotId)?.status === 'CONFIRMING') {
        this.setMine(held);
      }
      this.decide({ slotId, outcome: 'error', message: messageOf(error) });
      // a 409 may mean the hold ended meanwhile: read it again
      void this.refresh(slotId, id);
    }
  }

  /** Milliseconds left on this person's hold of the slot at `now`; null when they hold nothing there. */
  holdRemaining(slotId: string, now: number): number | null {
    const entry = this.mine().get(slotId);
    return entry && (entry.status === 'HELD' || entry.status === 'CONFIRMING') ? remainingMs(entry.holdExpiresAt, now) : null;
  }

  private onPush(event: PushEvent): void {
    switch (event.kind) {
      case 'frame':
        this.apply(event.frame, event.missed);
        return;
      case 'resync':
        void this.load();
        return;
      case 'reconnected':
        // decisions sent while the connection was down are not replayed: ask for them
        if (event.resumed) {
          void this.loadMine().catch(() => undefined);
        } else {
          void this.load();
        }
        return;
      case 'caught-up':
        this.catchUp.set({ missed: event.missed, at: new Date() });
        return;
    }
  }

  /** Applies one push frame to the state. Exposed for tests. */
  apply(frame: PushFrame, missed = false): void {
    const data = frame.data;
    const slotId = typeof data['slotId'] === 'string' ? data['slotId'] : null;
    if (!slotId) {
      return;
    }
    const at = typeof data['occurredAt'] === 'string' ? new Date(data['occurredAt']) : new Date();
    switch (frame.type) {
      case 'availability_changed':
        this.updateSlot(slotId, (slot) => ({
          ...slot,
          capacity: Number(data['capacity'] ?? slot.capacity),
          booked: Number(data['booked'] ?? slot.booked),
          available: Number(data['available'] ?? slot.available),
          held: count(data, 'held') ?? slot.held,
          waiting: count(data, 'waiting') ?? slot.waiting,
          status: data['open'] === false ? 'DELETED' : slot.status,
        }));
        return;
      case 'timeslot_created': {
        const slot: TimeSlot = {
          id: slotId,
          categoryId: Number(data['categoryId']),
          startsAt: String(data['startsAt']),
          endsAt: String(data['endsAt']),
          capacity: Number(data['capacity'] ?? 1),
          booked: 0,
          available: Number(data['capacity'] ?? 1),
          status: 'OPEN',
        };
        if (!this.slots().has(slotId)) {
          const next = new Map(this.slots());
          next.set(slotId, slot);
          this.slots.set(next);
          this.note(`New slot: ${this.describe(slot)}`, missed, at);
        }
        return;
      }
      case 'timeslot_deleted': {
        const slot = this.slots().get(slotId);
        if (slot) {
          const next = new Map(this.slots());
          next.delete(slotId);
          this.slots.set(next);
          this.note(`Slot removed: ${this.describe(slot)}`, missed, at);
        }
        this.removeMine(slotId);
        return;
      }
      case 'booking_created': {
        const slot = this.slots().get(slotId);
        if (slot) {
          this.note(`Booked: ${this.describe(slot)}`, missed, at);
        }
        return;
      }
      case 'booking_cancelled': {
        const slot = this.slots().get(slotId);
        if (slot) {
          this.note(`Place freed: ${this.describe(slot)}`, missed, at);
        }
        const entry = this.mine().get(slotId);
        if (entry?.status === 'CANCELLING' || data['reason'] === 'SLOT_CLOSED') {
          // ours if we were cancelling it; a closed slot cancels every booking of it
          void this.confirmCancelled(slotId, entry?.bookingId ?? null, data['reason'] === 'SLOT_CLOSED');
        }
        return;
      }
      case 'booking_confirmed':
        this.confirmed(slotId, typeof data['bookingId'] === 'string' ? data['bookingId'] : null);
        return;
      case 'booking_rejected':
        this.rejected(
          slotId,
          typeof data['reason'] === 'string' ? data['reason'] : null,
          typeof data['message'] === 'string' ? data['message'] : null,
          typeof data['bookingId'] === 'string' ? data['bookingId'] : null,
        );
        return;
      case FRAME.BOOKING_HELD:
        this.held(slotId, text(data, 'bookingId'), text(data, 'expiresAt'), data['offered'] === true);
        return;
      case FRAME.HOLD_EXPIRED:
        this.expired(slotId, text(data, 'bookingId'));
        return;
      case FRAME.BOOKING_WAITLISTED:
        this.waitlisted(slotId, text(data, 'bookingId'), count(data, 'position'));
        return;
      case FRAME.WAITLIST_POSITION_CHANGED:
        this.moved(slotId, text(data, 'bookingId'), count(data, 'position'));
        return;
    }
  }

  /** Brings the slot's entry in line with a booking read over HTTP (an answer, a poll, a check). */
  private reconcile(slotId: string, booking: Booking): void {
    switch (booking.status) {
      case 'CONFIRMED':
        this.confirmed(slotId, booking.id);
        return;
      case 'REJECTED':
        this.rejected(slotId, booking.reason ?? null, booking.message ?? null, booking.id);
        return;
      case 'CANCELLED':
        this.cancelled(slotId);
        return;
      case 'EXPIRED':
        this.expired(slotId, booking.id);
        return;
      case 'HELD':
        if (booking.confirmRequestedAt) {
          const entry = this.mine().get(slotId);
          this.setMine({ slotId, bookingId: booking.id, status: 'CONFIRMING', holdExpiresAt: booking.holdExpiresAt, offered: entry?.offered });
          this.pollLater(slotId, booking.id);
        } else {
          this.held(slotId, booking.id, booking.holdExpiresAt ?? null, this.mine().get(slotId)?.offered ?? false);
        }
        return;
      case 'WAITLISTED':
        this.waitlisted(slotId, booking.id, booking.waitlistPosition ?? null);
        return;
      default:
        this.pollLater(slotId, booking.id);
    }
  }

  private async refresh(slotId: string, bookingId: string): Promise<void> {
    try {
      this.reconcile(slotId, await firstValueFrom(this.api.booking(bookingId)));
    } catch {
      // the next frame or reload settles it
    }
  }

  private held(slotId: string, bookingId: string | null, expiresAt: string | null, offered: boolean): void {
    const entry = this.mine().get(slotId);
    if (entry?.bookingId && bookingId && entry.bookingId !== bookingId) {
      return;
    }
    if (entry?.status === 'CONFIRMED' || entry?.status === 'CONFIRMING' || entry?.status === 'CANCELLING') {
      return;
    }
    const already = entry?.status === 'HELD' && entry.holdExpiresAt === expiresAt;
    // the clock ticks once a second: read it now, so a fresh countdown never starts up to a second too high
    this.ticker.refresh();
    this.setMine({ slotId, bookingId: bookingId ?? entry?.bookingId ?? null, status: 'HELD', holdExpiresAt: expiresAt, offered: offered || entry?.offered });
    this.stopPolling(slotId);
    this.expiryCheck(slotId, bookingId ?? entry?.bookingId ?? null, expiresAt);
    if (already) {
      return;
    }
    const left = remainingMs(expiresAt, Date.now());
    const until = expiresAt ? ` until ${formatTime(expiresAt)}` : '';
    const message = offered
      ? `A place came free for you: ${this.describeId(slotId)}. It is held for you${until}; confirm it to keep it.`
      : `Held for you${until}${left !== null ? ` (${formatCountdown(left)})` : ''}: ${this.describeId(slotId)}. Confirm it to keep it.`;
    // an offer gets its own notification with a live countdown (OfferNotifier); this one is for the panel
    this.decide({ slotId, outcome: 'held', message }, !offered);
  }

  private expired(slotId: string, bookingId: string | null): void {
    const entry = this.mine().get(slotId);
    if (!entry || (entry.bookingId && bookingId && entry.bookingId !== bookingId)) {
      return;
    }
    if (entry.status !== 'HELD' && entry.status !== 'CONFIRMING' && entry.status !== 'PENDING') {
      return;
    }
    this.removeMine(slotId);
    this.stopPolling(slotId);
    this.decide({ slotId, outcome: 'expired', message: `Hold expired: ${this.describeId(slotId)} was not confirmed in time and went back.` });
  }

  private waitlisted(slotId: string, bookingId: string | null, position: number | null): void {
    const entry = this.mine().get(slotId);
    if (entry?.bookingId && bookingId && entry.bookingId !== bookingId) {
      return;
    }
    if (entry && entry.status !== 'PENDING' && entry.status !== 'WAITLISTED') {
      return;
    }
    const already = entry?.status === 'WAITLISTED';
    this.setMine({ slotId, bookingId: bookingId ?? entry?.bookingId ?? null, status: 'WAITLISTED', position });
    this.stopPolling(slotId);
    if (!already) {
      this.decide({
        slotId,
        outcome: 'waitlisted',
        message: `In the waitlist: ${this.describeId(slotId)}${position ? `, number ${position}` : ''}. A place that frees up is offered to you.`,
      });
    }
  }

  private moved(slotId: string, bookingId: string | null, position: number | null): void {
    const entry = this.mine().get(slotId);
    if (entry?.status !== 'WAITLISTED' || (entry.bookingId && bookingId && entry.bookingId !== bookingId)) {
      return;
    }
    this.setMine({ ...entry, position });
  }

  /** A safety net for a lost expiry frame: read the hold again a little after it should have ended. */
  private expiryCheck(slotId: string, bookingId: string | null, expiresAt: string | null): void {
    const left = remainingMs(expiresAt, Date.now());
    if (!bookingId || left === null) {
      return;
    }
    this.stopPolling(slotId);
    this.pollTimers.set(
      slotId,
      setTimeout(() => {
        this.pollTimers.delete(slotId);
        const entry = this.mine().get(slotId);
        if (entry?.status === 'HELD' && entry.bookingId === bookingId) {
          void this.refresh(slotId, bookingId);
        }
      }, left + EXPIRY_GRACE_MS),
    );
  }

  private confirmed(slotId: string, bookingId: string | null): void {
    const entry = this.mine().get(slotId);
    if (entry?.status === 'CONFIRMED' || entry?.status === 'CANCELLING' || (entry?.bookingId && bookingId && entry.bookingId !== bookingId)) {
      return;
    }
    this.setMine({ slotId, bookingId: bookingId ?? entry?.bookingId ?? null, status: 'CONFIRMED' });
    this.stopPolling(slotId);
    this.decide({ slotId, outcome: 'confirmed', message: `Booked: ${this.describeId(slotId)}. See you there!` });
  }

  private rejected(slotId: string, reason: string | null, message: string | null, bookingId: string | null = null): void {
    const entry = this.mine().get(slotId);
    if (!entry || entry.status !== 'PENDING' || (entry.bookingId && bookingId && entry.bookingId !== bookingId)) {
      return;
    }
    this.removeMine(slotId);
    this.stopPolling(slotId);
    const why = (reason && REJECTION_TEXT[reason]) || message || 'The request was turned down.';
    this.decide({ slotId, outcome: 'rejected', message: `Not booked: ${why}` });
  }

  private cancelled(slotId: string): void {
    const was = this.mine().get(slotId)?.was;
    this.removeMine(slotId);
    this.stopPolling(slotId);
    const what = was === 'HELD' ? 'Released' : was === 'WAITLISTED' ? 'Left the waitlist' : 'Cancelled';
    this.decide({ slotId, outcome: 'cancelled', message: `${what}: ${this.describeId(slotId)}.` });
  }

  private async confirmCancelled(slotId: string, bookingId: string | null, closed: boolean): Promise<void> {
    if (closed) {
      if (this.mine().has(slotId)) {
        this.removeMine(slotId);
        this.decide({ slotId, outcome: 'cancelled', message: `Cancelled: the organiser closed ${this.describeId(slotId)}.` });
      }
      return;
    }
    if (!bookingId) {
      return;
    }
    // a cancellation of this slot was broadcast; it was ours if our booking now says so
    try {
      const booking = await firstValueFrom(this.api.booking(bookingId));
      if (booking.status === 'CANCELLED') {
        this.cancelled(slotId);
      }
    } catch {
      // the later poll settles it
    }
  }

  /** A safety net when no push frame arrives: read the booking again after a while. */
  private pollLater(slotId: string, bookingId: string): void {
    this.stopPolling(slotId);
    this.pollTimers.set(
      slotId,
      setTimeout(async () => {
        this.pollTimers.delete(slotId);
        try {
          const booking = await firstValueFrom(this.api.booking(bookingId));
          const entry = this.mine().get(slotId);
          // a cancelling booking stays so until the cancellation lands
          if (booking.status === 'PENDING' || (booking.status === 'HELD' && booking.confirmRequestedAt) ||
              (entry?.status === 'CANCELLING' && booking.status !== 'CANCELLED')) {
            this.pollLater(slotId, bookingId);
          } else {
            this.reconcile(slotId, booking);
          }
        } catch {
          this.pollLater(slotId, bookingId);
        }
      }, FALLBACK_POLL_MS),
    );
  }

  private stopPolling(slotId: string): void {
    const timer = this.pollTimers.get(slotId);
    if (timer) {
      clearTimeout(timer);
      this.pollTimers.delete(slotId);
    }
  }

  private decide(decision: Decision, notify = true): void {
    this.decision.set(decision);
    if (!notify) {
      return;
    }
    if (decision.outcome === 'confirmed' || decision.outcome === 'cancelled' || decision.outcome === 'held') {
      this.notifier.success(decision.message);
    } else if (decision.outcome === 'waitlisted') {
      this.notifier.info(decision.message);
    } else {
      this.notifier.error(decision.message);
    }
  }

  /** Adds a line to the activity list, at the time it happened (not when this browser heard of it). */
  private note(text: string, missed: boolean, at: Date): void {
    this.activity.set([{ at: Number.isNaN(at.getTime()) ? new Date() : at, text, missed }, ...this.activity()].slice(0, 30));
  }

  private updateSlot(slotId: string, change: (slot: TimeSlot) => TimeSlot): void {
    const slot = this.slots().get(slotId);
    if (slot) {
      const next = new Map(this.slots());
      next.set(slotId, change(slot));
      this.slots.set(next);
    }
  }

  private setMine(entry: MyBooking): void {
    const next = new Map(this.mine());
    next.set(entry.slotId, entry);
    this.mine.set(next);
  }

  private removeMine(slotId: string): void {
    if (this.mine().has(slotId)) {
      const next = new Map(this.mine());
      next.delete(slotId);
      this.mine.set(next);
    }
  }

  private describeId(slotId: string): string {
    const slot = this.slots().get(slotId);
    return slot ? this.describe(slot) : 'your slot';
  }

  describe(slot: TimeSlot): string {
    const category = this.categoryById().get(slot.categoryId)?.name ?? 'Slot';
    return `${category}, ${formatRange(slot.startsAt, slot.endsAt)}`;
  }
}

export function stateOf(slot: TimeSlot, mine: MyBooking | undefined): SlotState {
  if (mine) {
    switch (mine.status) {
      case 'CONFIRMED':
        return 'mine';
      case 'HELD':
        return 'held';
      case 'WAITLISTED':
        return 'waiting';
      default:
        return 'pending';
    }
  }
  return slot.available > 0 ? 'free' : 'taken';
}

function wasOf(status: MyBooking['status']): MyBooking['was'] {
  switch (status) {
    case 'HELD':
    case 'CONFIRMING':
      return 'HELD';
    case 'WAITLISTED':
      return 'WAITLISTED';
    case 'CONFIRMED':
      return 'CONFIRMED';
    default:
      return 'PENDING';
  }
}

/** This person's entry for a booking read over HTTP; null when it no longer holds or asks for a place. */
export function fromBooking(booking: Booking): MyBooking | null {
  const ended = ['CANCELLED', 'REJECTED', 'EXPIRED'];
  if (booking.cancelledAt || ended.includes(booking.status)) {
    return null;
  }
  const base = { slotId: booking.slotId, bookingId: booking.id };
  if (booking.cancelRequestedAt) {
    return { ...base, status: 'CANCELLING', was: wasOf(booking.status as MyBooking['status']) };
  }
  switch (booking.status) {
    case 'CONFIRMED':
      return { ...base, status: 'CONFIRMED' };
    case 'HELD':
      return { ...base, status: booking.confirmRequestedAt ? 'CONFIRMING' : 'HELD', holdExpiresAt: booking.holdExpiresAt ?? null };
    case 'WAITLISTED':
      return { ...base, status: 'WAITLISTED', position: booking.waitlistPosition ?? null };
    default:
      return { ...base, status: 'PENDING' };
  }
}

export const AGENDA_WINDOW_MS = AGENDA_DAYS * DAY_MS;
