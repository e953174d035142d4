import { DOCUMENT } from '@angular/common';
import { HttpClient, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Observable, map, of, shareReplay, switchMap } from 'rxjs';

export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'X-XSRF-TOKEN';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of a cookie in document.cookie, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return null;
}

let pending: Observable<string> | null = null;

/**
 * booking-api's SPA CSRF protection: every state-changing request carries the XSRF-TOKEN cookie's value in the
 * X-XSRF-TOKEN header. The cookie is read at each request (it changes after sign-in and sign-out); when there is
 * none yet (a first visit), GET /api/auth/csrf is asked first, which sets it and returns it.
 */
export const csrfInterceptor: HttpInterceptorFn = (request, next) => {
  if (SAFE_METHODS.has(request.method) || !isSameOrigin(request.url)) {
    return next(request);
  }
  const document = inject(DOCUMENT);
  const http = inject(HttpClient);
  const fromCookie = readCookie(document.cookie, XSRF_COOKIE);
  const token$: Observable<string> = fromCookie
    ? of(fromCookie)
    : (pending ??= http
        .get<{ token: string }>('/api/auth/csrf')
        .pipe(
          map((answer) => readCookie(document.cookie, XSRF_COOKIE) ?? answer.token),
          shareReplay({ bufferSize: 1, refCount: false }),
        ));
  return token$.pipe(
    switchMap((token) => {
      pending = null;
      return next(request.clone({ setHeaders: { [XSRF_HEADER]: token } }));
    }),
  );
};

function isSameOrigin(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}
