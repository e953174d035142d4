import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthStore } from './auth.store';

/** Signed-in pages send others to sign-in, and back here afterwards. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthStore);
  await auth.init();
  return auth.signedIn() ? true : inject(Router).createUrlTree(['/signin'], { queryParams: { next: state.url } });
};

export const adminGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthStore);
  await auth.init();
  if (auth.isAdmin()) {
    return true;
  }
  const router = inject(Router);
  return auth.signedIn() ? router.createUrlTree(['/']) : router.createUrlTree(['/signin'], { queryParams: { next: state.url } });
};
