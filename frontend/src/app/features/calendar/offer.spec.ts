import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DestroyRef, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Subject } from 'rxjs';
import { AuthStore } from '../../core/auth/auth.store';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { Notifier } from '../../core/notify';
import { FRAME } from '../../core/push/frames';
import { PushEvent, PushService } from '../../core/push/push.service';
import { CalendarStore } from './calendar.store';
import { OfferNotifier } from './offer';

describe('OfferNotifier', () => {
  let pushEvents: Subject<PushEvent>;
  let http: HttpTestingController;

  beforeEach(() => {
    pushEvents = new Subject<PushEvent>();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        { provide: AuthStore, useValue: { signedIn: () => true } },
        { provide: PushService, useValue: { events: pushEvents.asObservable(), status: signal('live') } },
        { provide: Notifier, useValue: { success: () => undefined, error: () => undefined, info: () => undefined } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(OfferNotifier).start(TestBed.inject(DestroyRef));
  });

  afterEach(() => {
    TestBed.inject(MatSnackBar).dismiss();
    http.verify();
  });

  function offer(): HTMLElement | null {
    return document.querySelector('[data-testid="offer"]');
  }

  it('announces an offered place with a live countdown, confirms from the notification, and goes away when confirmed', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const expiresAt = new Date(Date.now() + 8_000).toISOString();
      pushEvents.next({ kind: 'frame', missed: false, frame: { type: FRAME.BOOKING_HELD, data: { slotId: 's1', bookingId: 'w1', expiresAt, offered: true } } });
      await vi.waitFor(() => expect(offer()).not.toBeNull());
      TestBed.tick();
      expect(offer()!.textContent).toContain('A place came free for you.');
      expect(document.querySelector('[data-testid="offer-countdown"]')!.textContent).toMatch(/0:0[78]/);

      await vi.advanceTimersByTimeAsync(3_000);
      TestBed.tick();
      expect(document.querySelector('[data-testid="offer-countdown"]')!.textContent).toMatch(/0:0[45]/);

      document.querySelector<HTMLButtonElement>('[data-testid="offer-confirm"]')!.click();
      http.expectOne({ method: 'POST', url: '/api/bookings/w1/confirm' }).flush({
        id: 'w1', slotId: 's1', status: 'HELD', holdExpiresAt: expiresAt, confirmRequestedAt: new Date().toISOString(),
      }, { status: 202, statusText: 'Accepted' });
      await vi.waitFor(() => expect(TestBed.inject(CalendarStore).mine().get('s1')?.status).toBe('CONFIRMING'));
      TestBed.tick();
      expect(offer()!.textContent).toContain('Confirming…');

      // the calendar page is not open: the notifier hands the decision to the store, and the offer closes
      pushEvents.next({ kind: 'frame', missed: false, frame: { type: FRAME.BOOKING_CONFIRMED, data: { slotId: 's1', bookingId: 'w1', status: 'CONFIRMED' } } });
      TestBed.tick();
      expect(TestBed.inject(CalendarStore).mine().get('s1')?.status).toBe('CONFIRMED');
      await vi.waitFor(() => expect(offer()).toBeNull());
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores holds that were not offered, and closes an offer whose hold expired', async () => {
    pushEvents.next({ kind: 'frame', missed: false, frame: { type: FRAME.BOOKING_HELD, data: { slotId: 's2', bookingId: 'h2', expiresAt: new Date(Date.now() + 60_000).toISOString(), offered: false } } });
    TestBed.tick();
    expect(offer()).toBeNull();

    pushEvents.next({ kind: 'frame', missed: false, frame: { type: FRAME.BOOKING_HELD, data: { slotId: 's3', bookingId: 'w3', expiresAt: new Date(Date.now() + 60_000).toISOString(), offered: true } } });
    await vi.waitFor(() => expect(offer()).not.toBeNull());
    pushEvents.next({ kind: 'frame', missed: false, frame: { type: FRAME.HOLD_EXPIRED, data: { slotId: 's3', bookingId: 'w3' } } });
    TestBed.tick();
    expect(TestBed.inject(CalendarStore).mine().has('s3')).toBe(false);
    await vi.waitFor(() => expect(offer()).toBeNull());
  });
});
