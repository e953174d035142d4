import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { problemInterceptor } from '../http/problem.interceptor';
import { PushService } from '../push/push.service';
import { AuthStore } from './auth.store';

describe('AuthStore', () => {
  let store: AuthStore;
  let http: HttpTestingController;
  let push: { start: ReturnType<typeof vi.fn>; stop: ReturnType<typeof vi.fn> };
  const alice = { id: '1', username: 'alice', email: 'a@x.test', roles: ['USER'], providers: [] };

  beforeEach(() => {
    push = { start: vi.fn(), stop: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        { provide: PushService, useValue: push },
      ],
    });
    store = TestBed.inject(AuthStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('treats a 401 from /me as a visitor and keeps the live connection closed', async () => {
    const init = store.init();
    http.expectOne('/api/auth/me').flush({ title: 'Sign-in required', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await init;
    expect(store.ready()).toBe(true);
    expect(store.signedIn()).toBe(false);
    expect(push.stop).toHaveBeenCalled();
    expect(push.start).not.toHaveBeenCalled();
  });

  it('opens the live connection when someone signs in and closes it at sign-out', async () => {
    const signIn = store.signIn('alice', 'secret-password');
    http.expectOne('/api/auth/login').flush(alice);
    await signIn;
    expect(store.user()?.username).toBe('alice');
    expect(store.isAdmin()).toBe(false);
    expect(push.start).toHaveBeenCalledTimes(1);

    const signOut = store.signOut();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await signOut;
    expect(store.signedIn()).toBe(false);
    expect(push.stop).toHaveBeenCalled();
  });

  it('knows an admin', async () => {
    const init = store.init();
    http.expectOne('/api/auth/me').flush({ ...alice, roles: ['USER', 'ADMIN'] });
    await init;
    expect(store.isAdmin()).toBe(true);
  });

  it('offers the providers the API lists, and none when it cannot say', async () => {
    let load = store.loadProviders();
    http.expectOne('/api/auth/providers').flush([
      { id: 'github', name: 'GitHub', authorizationUrl: '/oauth2/authorization/github' },
      { id: 'broken', name: 'Broken', authorizationUrl: '' },
    ]);
    await load;
    expect(store.providers().map((p) => p.id)).toEqual(['github']);

    load = store.loadProviders();
    http.expectOne('/api/auth/providers').flush({ title: 'Not found', status: 404 }, { status: 404, statusText: 'Not Found' });
    await load;
    expect(store.providers()).toEqual([]);
  });

  it('leaves the visitor signed out when registration is refused', async () => {
    const register = store.register('al', 'a@x.test', 'short');
    http.expectOne('/api/auth/register').flush(
      { title: 'Invalid request', status: 400, detail: 'username: size must be between 3 and 40' },
      { status: 400, statusText: 'Bad Request' },
    );
    await expect(register).rejects.toMatchObject({ humanMessage: 'username: size must be between 3 and 40' });
    expect(store.signedIn()).toBe(false);
  });
});
