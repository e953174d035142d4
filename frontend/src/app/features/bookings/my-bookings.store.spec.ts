import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { MyBookingsStore } from './my-bookings.store';

function booking(id: string, startsAt: string, status = 'CONFIRMED') {
  return { id, slotId: `s-${id}`, userId: 'u', status, createdAt: startsAt, slot: { categoryId: 1, startsAt, endsAt: startsAt, status: 'OPEN' }, availability: { capacity: 1, booked: 1, available: 0 } };
}

describe('MyBookingsStore', () => {
  let store: MyBookingsStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([problemInterceptor])), provideHttpClientTesting()],
    });
    store = TestBed.inject(MyBookingsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists upcoming bookings soonest first and past ones latest first', async () => {
    let load = store.load('upcoming');
    http.expectOne('/api/user/bookings?scope=upcoming').flush([booking('b', '2030-01-02T10:00:00Z'), booking('a', '2030-01-01T10:00:00Z')]);
    http.expectOne('/api/categories').flush([{ id: 1, name: 'Yoga', color: '#f00' }]);
    await load;
    expect(store.bookings().map((b) => b.id)).toEqual(['a', 'b']);

    load = store.load('past');
    http.expectOne('/api/user/bookings?scope=past').flush([booking('a', '2020-01-01T10:00:00Z'), booking('b', '2020-01-02T10:00:00Z')]);
    await load;
    expect(store.bookings().map((b) => b.id)).toEqual(['b', 'a']);
  });

  it('marks a booking as cancelling and shows the answer of the cancel', async () => {
    const load = store.load('upcoming');
    http.expectOne('/api/user/bookings?scope=upcoming').flush([booking('a', '2030-01-01T10:00:00Z')]);
    http.expectOne('/api/categories').flush([]);
    await load;

    const cancel = store.cancel(store.bookings()[0]);
    expect(store.cancelling().has('a')).toBe(true);
    const request = http.expectOne('/api/bookings/a');
    expect(request.request.method).toBe('DELETE');
    request.flush({ ...booking('a', '2030-01-01T10:00:00Z'), cancelRequestedAt: '2029-12-01T00:00:00Z' }, { status: 202, statusText: 'Accepted' });
    await cancel;
    expect(store.bookings()[0].cancelRequestedAt).toBe('2029-12-01T00:00:00Z');
  });

  it('gives the problem detail when a cancel is refused and forgets the cancelling mark', async () => {
    const load = store.load('upcoming');
    http.expectOne('/api/user/bookings?scope=upcoming').flush([booking('a', '2030-01-01T10:00:00Z')]);
    http.expectOne('/api/categories').flush([]);
    await load;

    const cancel = store.cancel(store.bookings()[0]);
    http.expectOne('/api/bookings/a').flush(
      { title: 'Cannot cancel', status: 409, detail: 'The slot has already started.' },
      { status: 409, statusText: 'Conflict' },
    );
    await expect(cancel).rejects.toMatchObject({ humanMessage: 'The slot has already started.' });
    expect(store.cancelling().has('a')).toBe(false);
  });

  it('confirms a hold and releases a place in the waitlist through their own endpoints', async () => {
    const load = store.load('upcoming');
    http.expectOne('/api/user/bookings?scope=upcoming').flush([
      { ...booking('h', '2030-01-01T10:00:00Z', 'HELD'), holdExpiresAt: '2030-01-01T09:00:00Z' },
      { ...booking('w', '2030-01-02T10:00:00Z', 'WAITLISTED'), waitlistPosition: 2 },
    ]);
    http.expectOne('/api/categories').flush([]);
    await load;

    const confirm = store.confirm(store.bookings()[0]);
    http.expectOne({ method: 'POST', url: '/api/bookings/h/confirm' }).flush(
      { ...booking('h', '2030-01-01T10:00:00Z', 'HELD'), confirmRequestedAt: '2029-12-01T00:00:00Z' },
      { status: 202, statusText: 'Accepted' },
    );
    await confirm;
    expect(store.bookings()[0].confirmRequestedAt).toBe('2029-12-01T00:00:00Z');

    const release = store.release(store.bookings()[1]);
    expect(store.cancelling().has('w')).toBe(true);
    http.expectOne({ method: 'POST', url: '/api/bookings/w/release' }).flush(
      { ...booking('w', '2030-01-02T10:00:00Z', 'WAITLISTED'), cancelRequestedAt: '2029-12-01T00:00:00Z' },
      { status: 202, statusText: 'Accepted' },
    );
    await release;
    expect(store.bookings()[1].cancelRequestedAt).toBe('2029-12-01T00:00:00Z');
  });
});
