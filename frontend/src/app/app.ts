import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthStore } from './core/auth/auth.store';
import { PushService } from './core/push/push.service';
import { OfferNotifier } from './features/calendar/offer';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule, MatMenuModule, MatTooltipModule],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  protected readonly auth = inject(AuthStore);
  protected readonly push = inject(PushService);
  private readonly router = inject(Router);

  constructor() {
    // a place offered from a waitlist is announced on every page
    inject(OfferNotifier).start(inject(DestroyRef));
  }

  protected readonly live = computed(() => {
    if (!this.auth.signedIn()) {
      return { state: 'off', text: 'Not live', hint: 'Sign in to see bookings as they happen' };
    }
    switch (this.push.status()) {
      case 'live':
        return { state: 'live', text: 'Live', hint: 'Changes appear as they happen' };
      case 'reconnecting':
        return { state: 'reconnecting', text: 'Reconnecting…', hint: 'The live connection dropped; retrying' };
      default:
        return { state: 'connecting', text: 'Connecting…', hint: 'Opening the live connection' };
    }
  });

  protected async signOut(): Promise<void> {
    await this.auth.signOut();
    await this.router.navigateByUrl('/');
  }
}
