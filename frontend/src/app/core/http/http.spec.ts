import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DOCUMENT } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { csrfInterceptor, readCookie } from './csrf.interceptor';
import { ApiError } from './problem';
import { problemInterceptor } from './problem.interceptor';

describe('HTTP interceptors', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let cookie: string;

  beforeEach(() => {
    cookie = '';
    const fakeDocument = { get cookie() { return cookie; } };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([csrfInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
        { provide: DOCUMENT, useValue: fakeDocument },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('sends the XSRF-TOKEN cookie back in the X-XSRF-TOKEN header on state-changing requests', async () => {
    cookie = 'SESSION=abc; XSRF-TOKEN=tok%2Den';
    const done = firstValueFrom(http.post('/api/bookings', {}));
    const request = backend.expectOne('/api/bookings');
    expect(request.request.headers.get('X-XSRF-TOKEN')).toBe('tok-en');
    request.flush({});
    await done;
  });

  it('does not add the header to reads or to other origins', async () => {
    cookie = 'XSRF-TOKEN=t';
    const read = firstValueFrom(http.get('/api/categories'));
    const get = backend.expectOne('/api/categories');
    expect(get.request.headers.has('X-XSRF-TOKEN')).toBe(false);
    get.flush([]);
    await read;
    const away = firstValueFrom(http.post('https://elsewhere.example/x', {}));
    const other = backend.expectOne('https://elsewhere.example/x');
    expect(other.request.headers.has('X-XSRF-TOKEN')).toBe(false);
    other.flush({});
    await away;
  });

  it('asks /api/auth/csrf for a token on a first visit before posting', async () => {
    const done = firstValueFrom(http.post('/api/auth/login', { username: 'a', password: 'b' }));
    backend.expectNone('/api/auth/login');
    backend.expectOne('/api/auth/csrf').flush({ headerName: 'X-XSRF-TOKEN', parameterName: '_csrf', token: 'fresh' });
    const login = backend.expectOne('/api/auth/login');
    expect(login.request.headers.get('X-XSRF-TOKEN')).toBe('fresh');
    login.flush({});
    await done;
  });

  it('turns problem+json into an ApiError with the sentence to show', async () => {
    const done = firstValueFrom(http.get('/api/bookings/x'));
    backend.expectOne('/api/bookings/x').flush(
      { type: 'about:blank', title: 'Booking not found', status: 404, detail: 'No booking with this id.' },
      { status: 404, statusText: 'Not Found' },
    );
    const error = await done.catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(404);
    expect(error.humanMessage).toBe('No booking with this id.');
  });

  it('gives a readable message when the server is unreachable or fails without a problem', async () => {
    const offline = firstValueFrom(http.get('/api/a'));
    backend.expectOne('/api/a').error(new ProgressEvent('error'), { status: 0 });
    expect((await offline.catch((e) => e)).humanMessage).toMatch(/could not be reached/);

    const broken = firstValueFrom(http.get('/api/b'));
    backend.expectOne('/api/b').flush('<html>oops</html>', { status: 502, statusText: 'Bad Gateway' });
    expect((await broken.catch((e) => e)).humanMessage).toBe('Please try again in a moment.');
  });

  it('reads cookies by exact name', () => {
    expect(readCookie('a=1; XSRF-TOKEN-OLD=2; XSRF-TOKEN=3', 'XSRF-TOKEN')).toBe('3');
    expect(readCookie('a=1', 'XSRF-TOKEN')).toBeNull();
  });
});
