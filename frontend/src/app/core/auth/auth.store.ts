import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../api/api.service';
import { Account, AuthProvider } from '../api/models';
import { PushService } from '../push/push.service';

/**
 * Who is signed in. The session itself is booking-api's cookie; this store only mirrors `GET /api/auth/me`, and
 * opens the live connection while someone is signed in (push-service refuses anonymous handshakes).
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(ApiService);
  private readonly push = inject(PushService);

  readonly user = signal<Account | null>(null);
  /** False until the first `me` answer, so guards and the toolbar do not flash the signed-out state. */
  readonly ready = signal(false);
  readonly providers = signal<AuthProvider[]>([]);
  readonly signedIn = computed(() => this.user() !== null);
  readonly isAdmin = computed(() => this.user()?.roles.includes('ADMIN') ?? false);

  private loading: Promise<void> | null = null;

  /** Loads the current user once; later calls wait for the same answer. */
  init(): Promise<void> {
    this.loading ??= this.refresh();
    return this.loading;
  }

  async refresh(): Promise<void> {
    try {
      this.setUser(await firstValueFrom(this.api.me()));
    } catch {
      // 401 is the usual answer for a visitor; any other failure also leaves the app signed out
      this.setUser(null);
    } finally {
      this.ready.set(true);
    }
  }

  /** The OAuth providers booking-api offers; none when it offers none or cannot say. */
  async loadProviders(): Promise<void> {
    try {
      const providers = await firstValueFrom(this.api.providers());
      this.providers.set(Array.isArray(providers) ? providers.filter((p) => !!p.authorizationUrl) : []);
    } catch {
      this.providers.set([]);
    }
  }

  async signIn(username: string, password: string): Promise<Account> {
    const account = await firstValueFrom(this.api.login(username, password));
    this.setUser(account);
    return account;
  }

  async register(username: string, email: string, password: string): Promise<Account> {
    const account = await firstValueFrom(this.api.register(username, email, password));
    this.setUser(account);
    return account;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.api.logout());
    } finally {
      this.setUser(null);
    }
  }

  private setUser(account: Account | null): void {
    this.user.set(account);
    if (account) {
      this.push.start();
    } else {
      this.push.stop();
    }
  }
}
