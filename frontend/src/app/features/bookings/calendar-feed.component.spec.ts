import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { Notifier } from '../../core/notify';
import { CalendarFeedComponent } from './calendar-feed.component';

describe('CalendarFeedComponent', () => {
  let http: HttpTestingController;
  const messages: string[] = [];

  beforeEach(() => {
    messages.length = 0;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        { provide: Notifier, useValue: { success: (m: string) => messages.push(m), error: (m: string) => messages.push(m), info: () => undefined } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('creates the link, shows it to copy, rotates it, and revokes it', async () => {
    const fixture = TestBed.createComponent(CalendarFeedComponent);
    fixture.detectChanges();
    const element: HTMLElement = fixture.nativeElement;
    const button = (id: string) => element.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!;
    expect(button('feed-create').textContent).toContain('Create link');

    button('feed-create').click();
    const create = http.expectOne({ method: 'POST', url: '/api/me/calendar-feed' });
    create.flush({ url: 'http://localhost/api/calendar/t1.ics', createdAt: '2030-01-01T10:00:00Z' }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(element.querySelector<HTMLInputElement>('[data-testid="feed-url"]')!.value).toBe('http://localhost/api/calendar/t1.ics');
    expect(button('feed-create').textContent).toContain('Rotate link');

    button('feed-create').click();
    http.expectOne({ method: 'POST', url: '/api/me/calendar-feed' }).flush({ url: 'http://localhost/api/calendar/t2.ics', createdAt: '2030-01-01T10:01:00Z' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(element.querySelector<HTMLInputElement>('[data-testid="feed-url"]')!.value).toBe('http://localhost/api/calendar/t2.ics');
    expect(messages.at(-1)).toMatch(/old one no longer works/);

    button('feed-revoke').click();
    http.expectOne({ method: 'DELETE', url: '/api/me/calendar-feed' }).flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(element.querySelector('[data-testid="feed-url"]')).toBeNull();
    expect(element.querySelector('[data-testid="feed-revoked"]')).not.toBeNull();
  });

  it('shows the problem detail when there is nothing to revoke', async () => {
    const fixture = TestBed.createComponent(CalendarFeedComponent);
    fixture.detectChanges();
    fixture.nativeElement.querySelector('[data-testid="feed-revoke"]').click();
    http.expectOne({ method: 'DELETE', url: '/api/me/calendar-feed' }).flush(
      { title: 'No calendar feed', status: 404, detail: 'There is no live calendar feed to revoke.' },
      { status: 404, statusText: 'Not Found' },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('[role="alert"]').textContent).toContain('There is no live calendar feed to revoke.');
  });
});
