import { Routes } from '@angular/router';
import { adminGuard, signedInGuard } from './core/auth/guards';

export const routes: Routes = [
  {
    path: '',
    title: 'Calendar · Slotstream',
    loadComponent: () => import('./features/calendar/calendar.page').then((m) => m.CalendarPage),
  },
  {
    path: 'bookings',
    title: 'My bookings · Slotstream',
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/bookings/my-bookings.page').then((m) => m.MyBookingsPage),
  },
  {
    path: 'signin',
    title: 'Sign in · Slotstream',
    loadComponent: () => import('./features/auth/sign-in.page').then((m) => m.SignInPage),
  },
  {
    path: 'register',
    title: 'Create an account · Slotstream',
    loadComponent: () => import('./features/auth/register.page').then((m) => m.RegisterPage),
  },
  {
    path: 'admin',
    title: 'Administration · Slotstream',
    canActivate: [adminGuard],
    loadComponent: () => import('./features/admin/admin.page').then((m) => m.AdminPage),
  },
  { path: '**', redirectTo: '' },
];
