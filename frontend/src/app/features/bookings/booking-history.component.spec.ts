import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { BookingHistoryComponent, describeStep, readableReason } from './booking-history.component';

describe('BookingHistoryComponent', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([problemInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function render(id: string) {
    const fixture = TestBed.createComponent(BookingHistoryComponent);
    fixture.componentRef.setInput('bookingId', id);
    await fixture.whenStable().catch(() => undefined);
    fixture.detectChanges();
    return fixture;
  }

  it('shows loading, then each step in words with who and why', async () => {
    const fixture = await render('b1');
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('mat-progress-bar')).not.toBeNull();

    http.expectOne('/api/bookings/b1/history').flush([
      { what: 'REQUESTED', actor: 'USER', actorName: 'ann', at: '2030-01-01T10:00:00Z', reason: 'waitlist' },
      { what: 'WAITLISTED', actor: 'SYSTEM', at: '2030-01-01T10:00:01Z', reason: 'position 1' },
      { what: 'OFFERED', actor: 'SYSTEM', at: '2030-01-01T10:03:00Z', reason: 'held until 2030-01-01T10:08:00Z' },
      { what: 'CONFIRMED', actor: 'SYSTEM', at: '2030-01-01T10:04:00Z' },
    ]);
    await fixture.whenStable();
    fixture.detectChanges();

    const items = [...element.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(/Requested by ann \(waitlist\)$/);
    expect(items[1]).toMatch(/Joined the waitlist by the system \(position 1\)$/);
    expect(items[2]).toMatch(/Place offered from the waitlist by the system/);
    expect(items[2]).not.toContain('2030-01-01T10:08:00Z');
    expect(items[2]).toContain(readableReason('held until 2030-01-01T10:08:00Z'));
    expect(items[3]).toMatch(/Confirmed by the system$/);
    expect(element.querySelector('mat-progress-bar')).toBeNull();
  });

  it('says when there is nothing yet, and shows the problem detail on failure', async () => {
    const empty = await render('b2');
    http.expectOne('/api/bookings/b2/history').flush([]);
    await empty.whenStable();
    empty.detectChanges();
    expect(empty.nativeElement.querySelector('[data-testid="history-empty"]')).not.toBeNull();

    const failed = await render('b3');
    http.expectOne('/api/bookings/b3/history').flush(
      { title: 'Not found', status: 404, detail: 'There is no booking b3.' },
      { status: 404, statusText: 'Not Found' },
    );
    await failed.whenStable();
    failed.detectChanges();
    expect(failed.nativeElement.querySelector('[role="alert"]').textContent).toContain('There is no booking b3.');
  });

  it('shows instants in reasons in local time', () => {
    const local = new Date('2030-01-01T10:08:00Z').toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    expect(readableReason('held until 2030-01-01T10:08:00.123Z')).toBe(`held until ${local}`);
    expect(readableReason('SLOT_TAKEN: taken')).toBe('SLOT_TAKEN: taken');
  });

  it('names admins and the system as actors', () => {
    expect(describeStep({ what: 'CANCEL_REQUESTED', actor: 'ADMIN', actorName: 'root', at: '' })).toEqual({ what: 'Cancellation asked', who: 'admin root' });
    expect(describeStep({ what: 'EXPIRED', actor: 'SYSTEM', at: '' })).toEqual({ what: 'Hold expired', who: 'the system' });
    expect(describeStep({ what: 'SOMETHING_NEW', actor: 'USER', at: '' }).what).toBe('something new');
  });
});
