import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DestroyRef, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { Booking, TimeSlot } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth.store';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { Notifier } from '../../core/notify';
import { FRAME } from '../../core/push/frames';
import { Ticker } from '../../core/time/countdown';
import { PushEvent, PushFrame, PushService } from '../../core/push/push.service';
import { CalendarStore, fromBooking, stateOf } from './calendar.store';

const start = new Date(Date.now() + 86_400_000);
start.setHours(10, 0, 0, 0);
const end = new Date(start.getTime() + 3_600_000);

function slot(id: string, capacity = 1, booked = 0): TimeSlot {
  return { id, categoryId: 1, startsAt: start.toISOString(), endsAt: end.toISOString(), capacity, booked, available: capacity - booked, status: 'OPEN' };
}

function booking(fields: Partial<Booking>): Booking {
  return {
    id: 'bk',
    slotId: 'a',
    userId: 'u',
    status: 'PENDING',
    createdAt: new Date().toISOString(),
    slot: { categoryId: 1, startsAt: start.toISOString(), endsAt: end.toISOString(), status: 'OPEN' },
    availability: { capacity: 1, booked: 1, available: 0 },
    ...fields,
  };
}

describe('CalendarStore: holds and the waitlist', () => {
  let store: CalendarStore;
  let http: HttpTestingController;
  let pushEvents: Subject<PushEvent>;
  const messages: string[] = [];

  function frame(type: string, data: Record<string, unknown>, seq?: number): void {
    const f: PushFrame = seq === undefined ? { type, data } : { type, seq, data };
    pushEvents.next({ kind: 'frame', missed: false, frame: f });
  }

  beforeEach(async () => {
    pushEvents = new Subject<PushEvent>();
    messages.length = 0;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        { provide: AuthStore, useValue: { signedIn: () => true } },
        { provide: PushService, useValue: { events: pushEvents.asObservable(), status: signal('live') } },
        {
          provide: Notifier,
          useValue: { success: (m: string) => messages.push(m), error: (m: string) => messages.push(m), info: (m: string) => messages.push(m) },
        },
      ],
    });
    store = TestBed.inject(CalendarStore);
    http = TestBed.inject(HttpTestingController);
    store.connect(TestBed.inject(DestroyRef));
  });

  afterEach(() => http.verify({ ignoreCancelled: true }));

  async function load(slots: TimeSlot[], mine: unknown[] = []): Promise<void> {
    store.goTo(start, 'day');
    http.expectOne('/api/categories').flush([{ id: 1, name: 'Yoga', color: '#ff0000' }]);
    http.expectOne((r) => r.url === '/api/timeslots').flush(slots);
    await Promise.resolve();
    await Promise.resolve();
    http.expectOne((r) => r.url === '/api/user/bookings').flush(mine);
    await vi.waitFor(() => expect(store.loading()).toBe(false));
  }

  it('holds a place: asks with hold=true, shows held with the time left, then confirmed after Confirm', async () => {
    await load([slot('a', 3, 1)]);
    const expiresAt = new Date(Date.now() + 300_000).toISOString();
    const request = store.book(slot('a', 3, 1), { hold: true });
    const post = http.expectOne('/api/bookings');
    expect(post.request.body).toEqual({ slotId: 'a', hold: true });
    post.flush(booking({ id: 'h1' }), { status: 202, statusText: 'Accepted' });
    await request;
    expect(store.visibleSlots()[0].state).toBe('pending');

    const ticker = TestBed.inject(Ticker);
    const staleNow = ticker.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    frame(FRAME.BOOKING_HELD, { slotId: 'a', bookingId: 'h1', expiresAt, offered: false });
    expect(store.visibleSlots()[0].state).toBe('held');
    // the countdown's clock was read when the hold arrived, not at the last tick
    expect(ticker.now()).toBeGreaterThan(staleNow);
    expect(store.holdRemaining('a', ticker.now())).toBeLessThanOrEqual(300_000 - 20);
    expect(store.decision()?.outcome).toBe('held');
    const left = store.holdRemaining('a', Date.now())!;
    expect(left).toBeGreaterThan(295_000);
    expect(left).toBeLessThanOrEqual(300_000);
    expect(store.holdRemaining('a', Date.parse(expiresAt) + 1000)).toBe(0);

    const confirming = store.confirmHold('a');
    expect(store.visibleSlots()[0].state).toBe('pending');
    http.expectOne('/api/bookings/h1/confirm').flush(booking({ id: 'h1', status: 'HELD', holdExpiresAt: expiresAt, confirmRequestedAt: new Date().toISOString() }), { status: 202, statusText: 'Accepted' });
    await confirming;
    expect(store.mine().get('a')?.status).toBe('CONFIRMING');

    frame(FRAME.BOOKING_CONFIRMED, { slotId: 'a', bookingId: 'h1', status: 'CONFIRMED' });
    expect(store.visibleSlots()[0].state).toBe('mine');
    expect(messages.at(-1)).toMatch(/^Booked: Yoga/);
  });

  it('shows "Hold expired" when the hold ends unconfirmed, and the slot is free again from the availability frame', async () => {
    await load([slot('a')], [booking({ id: 'h1', status: 'HELD', holdExpiresAt: new Date(Date.now() + 8000).toISOString() })]);
    expect(store.visibleSlots()[0].state).toBe('held');

    frame(FRAME.HOLD_EXPIRED, { slotId: 'a', bookingId: 'h1' });
    frame(FRAME.AVAILABILITY_CHANGED, { slotId: 'a', capacity: 1, booked: 0, available: 1, held: 0, waiting: 0 }, 1);

    expect(store.decision()).toMatchObject({ slotId: 'a', outcome: 'expired' });
    expect(store.decision()?.message).toMatch(/^Hold expired: Yoga/);
    expect(store.visibleSlots()[0].state).toBe('free');
    // a late duplicate changes nothing
    frame(FRAME.HOLD_EXPIRED, { slotId: 'a', bookingId: 'h1' });
    expect(messages.filter((m) => m.startsWith('Hold expired'))).toHaveLength(1);
  });

  it('reads the hold again when no expiry frame came a little after its end', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      await load([slot('a')], [booking({ id: 'h1', status: 'HELD', holdExpiresAt: new Date(Date.now() + 2000).toISOString() })]);
      await vi.advanceTimersByTimeAsync(5_500);
      http.expectOne('/api/bookings/h1').flush(booking({ id: 'h1', status: 'EXPIRED' }));
      await vi.waitFor(() => expect(store.decision()?.outcome).toBe('expired'));
      expect(store.mine().has('a')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('joins the waitlist of a full slot, follows its position live, and gets the offered place as a hold', async () => {
    await load([slot('a', 2, 2)]);
    expect(store.visibleSlots()[0].state).toBe('taken');
    const request = store.book(slot('a', 2, 2), { waitlist: true });
    const post = http.expectOne('/api/bookings');
    expect(post.request.body).toEqual({ slotId: 'a', waitlist: true });
    post.flush(booking({ id: 'w1' }), { status: 202, statusText: 'Accepted' });
    await request;

    frame(FRAME.BOOKING_WAITLISTED, { slotId: 'a', bookingId: 'w1', position: 3 });
    expect(store.visibleSlots()[0].state).toBe('waiting');
    expect(store.mine().get('a')?.position).toBe(3);
    expect(messages.at(-1)).toMatch(/In the waitlist: Yoga.*number 3/);

    frame(FRAME.WAITLIST_POSITION_CHANGED, { slotId: 'a', bookingId: 'w1', position: 2 });
    frame(FRAME.WAITLIST_POSITION_CHANGED, { slotId: 'a', bookingId: 'someone-else', position: 1 });
    expect(store.mine().get('a')?.position).toBe(2);
    frame(FRAME.WAITLIST_POSITION_CHANGED, { slotId: 'a', bookingId: 'w1', position: 1 });
    expect(store.mine().get('a')?.position).toBe(1);

    const count = messages.length;
    const expiresAt = new Date(Date.now() + 8000).toISOString();
    frame(FRAME.BOOKING_HELD, { slotId: 'a', bookingId: 'w1', expiresAt, offered: true });
    expect(store.visibleSlots()[0].state).toBe('held');
    expect(store.mine().get('a')).toMatchObject({ offered: true, holdExpiresAt: expiresAt });
    expect(store.decision()?.message).toMatch(/^A place came free for you/);
    // the offer's own notification (with the countdown) is OfferNotifier's; no second snack bar here
    expect(messages.length).toBe(count);
  });

  it('leaves the waitlist: pending until the cancellation lands, then says so', async () => {
    await load([slot('a', 1, 1)], [booking({ id: 'w1', status: 'WAITLISTED', waitlistPosition: 2 })]);
    expect(store.mine().get('a')?.position).toBe(2);
    const leaving = store.release('a');
    expect(store.visibleSlots()[0].state).toBe('pending');
    http.expectOne({ method: 'POST', url: '/api/bookings/w1/release' }).flush(booking({ id: 'w1', status: 'WAITLISTED', cancelRequestedAt: new Date().toISOString() }), { status: 202, statusText: 'Accepted' });
    await leaving;
    frame(FRAME.BOOKING_CANCELLED, { slotId: 'a', reason: 'REQUESTED' }, 1);
    http.expectOne('/api/bookings/w1').flush(booking({ id: 'w1', status: 'CANCELLED' }));
    await vi.waitFor(() => expect(store.decision()?.message).toMatch(/^Left the waitlist: Yoga/));
    expect(store.mine().has('a')).toBe(false);
  });

  it('releases a hold: pending until the cancellation lands, then "Released"', async () => {
    await load([slot('a')], [booking({ id: 'h1', status: 'HELD', holdExpiresAt: new Date(Date.now() + 60_000).toISOString() })]);
    const releasing = store.release('a');
    expect(store.visibleSlots()[0].state).toBe('pending');
    http.expectOne({ method: 'POST', url: '/api/bookings/h1/release' }).flush(
      booking({ id: 'h1', status: 'HELD', cancelRequestedAt: new Date().toISOString() }),
      { status: 202, statusText: 'Accepted' },
    );
    await releasing;
    frame(FRAME.BOOKING_CANCELLED, { slotId: 'a', reason: 'REQUESTED' }, 1);
    http.expectOne('/api/bookings/h1').flush(booking({ id: 'h1', status: 'CANCELLED' }));
    await vi.waitFor(() => expect(store.decision()?.message).toMatch(/^Released: Yoga/));
    expect(store.mine().has('a')).toBe(false);
  });

  it('keeps the hold and shows the problem detail when Confirm is refused', async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    await load([slot('a')], [booking({ id: 'h1', status: 'HELD', holdExpiresAt: expiresAt })]);
    const confirming = store.confirmHold('a');
    http.expectOne('/api/bookings/h1/confirm').flush(
      { title: 'Booking not held', status: 409, detail: 'Only a held place can be confirmed; this booking is expired.' },
      { status: 409, statusText: 'Conflict' },
    );
    await confirming;
    expect(store.decision()).toMatchObject({ outcome: 'error', message: 'Only a held place can be confirmed; this booking is expired.' });
    http.expectOne('/api/bookings/h1').flush(booking({ id: 'h1', status: 'EXPIRED' }));
    await vi.waitFor(() => expect(store.decision()?.outcome).toBe('expired'));
  });

  it('takes held and waiting counts from the availability frame, and a rejection for the daily limit in words', async () => {
    await load([slot('a', 4, 1)]);
    frame(FRAME.AVAILABILITY_CHANGED, { slotId: 'a', capacity: 4, booked: 4, available: 0, held: 2, waiting: 3 }, 1);
    expect(store.slots().get('a')).toMatchObject({ booked: 4, held: 2, waiting: 3, available: 0 });

    void store.book(slot('a', 4, 4), { waitlist: true });
    http.expectOne('/api/bookings').flush(booking({ id: 'r1' }), { status: 202, statusText: 'Accepted' });
    await Promise.resolve();
    frame(FRAME.BOOKING_REJECTED, { slotId: 'a', bookingId: 'r1', reason: 'USER_LIMIT', message: 'limit' });
    expect(store.decision()?.message).toBe('Not booked: You have reached the most bookings allowed per day in this category.');
  });
});

describe('own bookings read over HTTP', () => {
  it('map each status to the calendar state', () => {
    const held = fromBooking(booking({ status: 'HELD', holdExpiresAt: '2030-01-01T10:05:00Z' }))!;
    expect(held).toMatchObject({ status: 'HELD', holdExpiresAt: '2030-01-01T10:05:00Z' });
    expect(stateOf(slot('a'), held)).toBe('held');
    expect(fromBooking(booking({ status: 'HELD', confirmRequestedAt: '2030-01-01T10:01:00Z' }))?.status).toBe('CONFIRMING');
    const waiting = fromBooking(booking({ status: 'WAITLISTED', waitlistPosition: 4 }))!;
    expect(waiting).toMatchObject({ status: 'WAITLISTED', position: 4 });
    expect(stateOf(slot('a', 1, 1), waiting)).toBe('waiting');
    expect(fromBooking(booking({ status: 'EXPIRED' }))).toBeNull();
    expect(fromBooking(booking({ status: 'HELD', cancelRequestedAt: '2030-01-01T10:01:00Z' }))).toMatchObject({ status: 'CANCELLING', was: 'HELD' });
  });
});
