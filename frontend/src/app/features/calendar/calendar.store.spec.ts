import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DestroyRef, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { TimeSlot } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth.store';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { Notifier } from '../../core/notify';
import { PushEvent, PushService } from '../../core/push/push.service';
import { CalendarStore, stateOf } from './calendar.store';

const start = new Date(Date.now() + 86_400_000);
start.setHours(10, 0, 0, 0);
const end = new Date(start.getTime() + 3_600_000);

function slot(id: string, available = 1, categoryId = 1): TimeSlot {
  return {
    id,
    categoryId,
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    capacity: 1,
    booked: 1 - available,
    available,
    status: 'OPEN',
  };
}

describe('CalendarStore', () => {
  let store: CalendarStore;
  let http: HttpTestingController;
  let pushEvents: Subject<PushEvent>;
  let pushStatus: ReturnType<typeof signal<string>>;
  const messages: string[] = [];

  beforeEach(() => {
    pushEvents = new Subject<PushEvent>();
    pushStatus = signal('live');
    messages.length = 0;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        { provide: AuthStore, useValue: { signedIn: () => true } },
        { provide: PushService, useValue: { events: pushEvents.asObservable(), status: pushStatus } },
        {
          provide: Notifier,
          useValue: { success: (m: string) => messages.push(m), error: (m: string) => messages.push(m), info: () => undefined },
        },
      ],
    });
    store = TestBed.inject(CalendarStore);
    http = TestBed.inject(HttpTestingController);
    store.connect(TestBed.inject(DestroyRef));
    store.goTo(start, 'day');
  });

  async function answerLoad(slots: TimeSlot[], mine: unknown[] = []): Promise<void> {
    http.expectOne('/api/categories').flush([{ id: 1, name: 'Yoga', color: '#ff0000' }, { id: 2, name: 'Chess', color: '#00ff00' }]);
    http.expectOne((r) => r.url === '/api/timeslots').flush(slots);
    await Promise.resolve();
    await Promise.resolve();
    http.expectOne((r) => r.url === '/api/user/bookings').flush(mine);
    await vi.waitFor(() => expect(store.loading()).toBe(false));
  }

  afterEach(() => http.verify({ ignoreCancelled: true }));

  it('loads the day and shows each slot with its state for this person', async () => {
    await answerLoad([slot('a'), slot('b', 0), slot('c')], [
      { id: 'bk', slotId: 'c', status: 'CONFIRMED', slot: {}, availability: {} },
    ]);

    expect(store.visibleSlots().map((s) => `${s.id}:${s.state}`)).toEqual(['a:free', 'b:taken', 'c:mine']);
  });

  it('hides the categories filtered out', async () => {
    await answerLoad([slot('a', 1, 1), slot('b', 1, 2)]);
    store.toggleCategory(1);
    expect(store.visibleSlots().map((s) => s.id)).toEqual(['b']);
    store.showAllCategories();
    expect(store.visibleSlots()).toHaveLength(2);
  });

  it('turns a slot pending at once, then confirmed when the private frame arrives', async () => {
    await answerLoad([slot('a')]);
    const booking = store.book(slot('a'));
    expect(store.visibleSlots()[0].state).toBe('pending');

    const request = http.expectOne('/api/bookings');
    expect(request.request.headers.has('Idempotency-Key')).toBe(true);
    expect(request.request.headers.has('Prefer')).toBe(false);
    request.flush({ id: 'bk1', slotId: 'a', status: 'PENDING' }, { status: 202, statusText: 'Accepted' });
    await booking;
    expect(store.visibleSlots()[0].state).toBe('pending');

    pushEvents.next({ kind: 'frame', missed: false, frame: { type: 'booking_confirmed', data: { slotId: 'a', bookingId: 'bk1', status: 'CONFIRMED' } } });

    expect(store.visibleSlots()[0].state).toBe('mine');
    expect(store.decision()?.outcome).toBe('confirmed');
    expect(messages[0]).toMatch(/^Booked: Yoga/);
  });

  it('explains a rejection in words and frees the slot state', async () => {
    await answerLoad([slot('a')]);
    void store.book(slot('a'));
    pushEvents.next({
      kind: 'frame',
      missed: false,
      frame: { type: 'booking_rejected', data: { slotId: 'a', bookingId: 'bk2', reason: 'SLOT_TAKEN', message: 'Taken.' } },
    });
    http.expectOne('/api/bookings').flush({ id: 'bk2', slotId: 'a', status: 'PENDING' }, { status: 202, statusText: 'Accepted' });
    pushEvents.next({ kind: 'frame', missed: false, frame: { type: 'availability_changed', seq: 3, data: { slotId: 'a', capacity: 1, booked: 1, available: 0 } } });

    expect(store.decision()).toEqual({
      slotId: 'a',
      outcome: 'rejected',
      message: 'Not booked: Someone else got the last place a moment before you.',
    });
    expect(store.visibleSlots()[0].state).toBe('taken');
  });

  it('waits for the decision over HTTP when the live connection is down, and shows a 409 rejection', async () => {
    pushStatus.set('reconnecting');
    await answerLoad([slot('a')]);
    const booking = store.book(slot('a'));
    const request = http.expectOne('/api/bookings');
    expect(request.request.headers.get('Prefer')).toBe('wait=5');
    request.flush(
      { type: 'about:blank', title: 'Booking rejected', status: 409, detail: 'The slot is already taken.', reason: 'SLOT_TAKEN', bookingId: 'bk3' },
      { status: 409, statusText: 'Conflict' },
    );
    await booking;

    expect(store.decision()?.outcome).toBe('rejected');
    expect(store.visibleSlots()[0].state).toBe('free');
  });

  it('shows the problem detail when the request itself fails', async () => {
    await answerLoad([slot('a')]);
    const booking = store.book(slot('a'));
    http.expectOne('/api/bookings').flush(
      { title: 'Already booked', status: 409, detail: 'You already booked or requested this slot.' },
      { status: 409, statusText: 'Conflict' },
    );
    await booking;

    expect(store.decision()).toEqual({ slotId: 'a', outcome: 'error', message: 'You already booked or requested this slot.' });
  });

  it('applies availability as a whole state and adds and removes slots live', async () => {
    await answerLoad([slot('a')]);
    pushEvents.next({ kind: 'frame', missed: false, frame: { type: 'availability_changed', seq: 1, data: { slotId: 'a', capacity: 1, booked: 1, available: 0 } } });
    pushEvents.next({ kind: 'frame', missed: false, frame: { type: 'availability_changed', seq: 2, data: { slotId: 'a', capacity: 1, booked: 1, available: 0 } } });
    expect(store.slots().get('a')?.available).toBe(0);

    pushEvents.next({
      kind: 'frame',
      missed: true,
      frame: { type: 'timeslot_created', seq: 3, data: { slotId: 'n', categoryId: 2, startsAt: start.toISOString(), endsAt: end.toISOString(), capacity: 3 } },
    });
    expect(store.visibleSlots().map((s) => `${s.id}:${s.state}`)).toEqual(['a:taken', 'n:free']);
    expect(store.activity()[0]).toMatchObject({ missed: true, text: expect.stringMatching(/^New slot: Chess/) });

    pushEvents.next({ kind: 'frame', missed: false, frame: { type: 'timeslot_deleted', seq: 4, data: { slotId: 'n' } } });
    expect(store.visibleSlots().map((s) => s.id)).toEqual(['a']);
  });

  it('reloads the view on resync and its own bookings after a resumed reconnect', async () => {
    await answerLoad([slot('a')]);
    pushEvents.next({ kind: 'resync', reason: 'history_trimmed' });
    http.expectOne((r) => r.url === '/api/timeslots').flush([slot('a', 0)]);
    await Promise.resolve();
    await Promise.resolve();
    http.expectOne((r) => r.url === '/api/user/bookings').flush([]);
    await vi.waitFor(() => expect(store.slots().get('a')?.available).toBe(0));

    pushEvents.next({ kind: 'reconnected', resumed: true });
    http.expectOne((r) => r.url === '/api/user/bookings').flush([{ id: 'x', slotId: 'a', status: 'CONFIRMED', slot: {}, availability: {} }]);
    await vi.waitFor(() => expect(store.visibleSlots()[0].state).toBe('mine'));

    pushEvents.next({ kind: 'caught-up', missed: 2 });
    expect(store.catchUp()?.missed).toBe(2);
  });
});

describe('stateOf', () => {
  it('derives the state from availability and the own booking', () => {
    expect(stateOf(slot('a', 1), undefined)).toBe('free');
    expect(stateOf(slot('a', 0), undefined)).toBe('taken');
    expect(stateOf(slot('a', 0), { slotId: 'a', bookingId: 'b', status: 'CONFIRMED' })).toBe('mine');
    expect(stateOf(slot('a', 1), { slotId: 'a', bookingId: null, status: 'PENDING' })).toBe('pending');
    expect(stateOf(slot('a', 0), { slotId: 'a', bookingId: 'b', status: 'CANCELLING' })).toBe('pending');
  });
});
