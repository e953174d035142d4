import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { Notifier } from '../../core/notify';
import { CalendarStore } from '../calendar/calendar.store';
import { AdminCategoriesComponent, limitOf } from './admin-categories.component';

describe('the daily limit field', () => {
  it('sends a whole number from 1 to 1000, null for none, and refuses anything else', () => {
    expect(limitOf(3)).toBe(3);
    expect(limitOf('7')).toBe(7);
    expect(limitOf(null)).toBeNull();
    expect(limitOf('')).toBeNull();
    expect(limitOf(undefined)).toBeNull();
    expect(limitOf(0)).toBeUndefined();
    expect(limitOf(1001)).toBeUndefined();
    expect(limitOf(1.5)).toBeUndefined();
  });
});

describe('AdminCategoriesComponent', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        { provide: Notifier, useValue: { success: () => undefined, error: () => undefined, info: () => undefined } },
        { provide: CalendarStore, useValue: { reloadCategories: () => Promise.resolve() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function render() {
    const fixture = TestBed.createComponent(AdminCategoriesComponent);
    fixture.detectChanges();
    http.expectOne('/api/categories').flush([{ id: 4, name: 'Yoga', color: '#3f7be0', dailyLimitPerUser: 2 }]);
    await fixture.whenStable();
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture;
  }

  function button(element: HTMLElement, text: string): HTMLButtonElement {
    return [...element.querySelectorAll('button')].find((b) => b.textContent!.trim() === text)!;
  }

  it('shows the daily limit and saves a new one with the name and colour', async () => {
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    const limit = element.querySelector<HTMLInputElement>('input[aria-label="Daily limit per person for Yoga"]')!;
    expect(limit.value).toBe('2');
    limit.value = '5';
    limit.dispatchEvent(new Event('input'));

    button(element, 'Save').click();
    http.expectOne({ method: 'PUT', url: '/api/admin/categories/4' }).flush({ id: 4, name: 'Yoga', color: '#3f7be0' });
    let patch!: TestRequest;
    await vi.waitFor(() => {
      patch = http.expectOne({ method: 'PATCH', url: '/api/admin/categories/4' });
    });
    expect(patch.request.body).toEqual({ dailyLimitPerUser: 5 });
    patch.flush({ id: 4, name: 'Yoga', color: '#3f7be0', dailyLimitPerUser: 5 });
    await vi.waitFor(() => http.expectOne('/api/categories').flush([{ id: 4, name: 'Yoga', color: '#3f7be0', dailyLimitPerUser: 5 }]));
  });

  it('removes the limit when the field is emptied', async () => {
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    const limit = element.querySelector<HTMLInputElement>('input[aria-label="Daily limit per person for Yoga"]')!;
    limit.value = '';
    limit.dispatchEvent(new Event('input'));
    button(element, 'Save').click();
    http.expectOne({ method: 'PUT', url: '/api/admin/categories/4' }).flush({ id: 4, name: 'Yoga', color: '#3f7be0' });
    let patch!: TestRequest;
    await vi.waitFor(() => {
      patch = http.expectOne({ method: 'PATCH', url: '/api/admin/categories/4' });
    });
    expect(patch.request.body).toEqual({ dailyLimitPerUser: null });
    patch.flush({ id: 4, name: 'Yoga', color: '#3f7be0', dailyLimitPerUser: null });
    await vi.waitFor(() => http.expectOne('/api/categories').flush([{ id: 4, name: 'Yoga', color: '#3f7be0', dailyLimitPerUser: null }]));
  });

  it('refuses a limit out of range without asking the server', async () => {
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    const limit = element.querySelector<HTMLInputElement>('input[aria-label="Daily limit per person for Yoga"]')!;
    limit.value = '0';
    limit.dispatchEvent(new Event('input'));
    button(element, 'Save').click();
    fixture.detectChanges();
    expect(element.querySelector('[role="alert"]')!.textContent).toContain('whole number from 1 to 1000');
  });

  it('makes a category feed link and shows it', async () => {
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    button(element, 'Feed link').click();
    http.expectOne({ method: 'POST', url: '/api/admin/categories/4/calendar-feed' }).flush(
      { url: 'http://localhost/api/calendar/c4.ics', createdAt: '2030-01-01T00:00:00Z' },
      { status: 201, statusText: 'Created' },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(element.querySelector<HTMLInputElement>('input[aria-label="Calendar feed URL of Yoga"]')!.value).toBe('http://localhost/api/calendar/c4.ics');
  });
});
