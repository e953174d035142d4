import { provideHttpClient, withFetch, withInterceptors, withNoXsrfProtection } from '@angular/common/http';
import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { AuthStore } from './core/auth/auth.store';
import { csrfInterceptor } from './core/http/csrf.interceptor';
import { problemInterceptor } from './core/http/problem.interceptor';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    // the CSRF header is set by csrfInterceptor, which also fetches a token on a first visit
    provideHttpClient(withFetch(), withNoXsrfProtection(), withInterceptors([csrfInterceptor, problemInterceptor])),
    provideAppInitializer(() => {
      void inject(AuthStore).init();
    }),
  ],
};
