import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../../core/api/api.service';
import { CalendarFeed } from '../../core/api/models';
import { messageOf } from '../../core/http/problem';
import { Notifier } from '../../core/notify';

/**
 * The private calendar feed: a secret `.ics` URL calendar apps subscribe to. The server keeps only a hash of it,
 * so the URL is shown right after it is made and cannot be read back later; making a new one (rotate) ends the old.
 */
@Component({
  selector: 'app-calendar-feed',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <section class="feed" aria-labelledby="feed-title" data-testid="calendar-feed">
      <h2 id="feed-title">Calendar feed</h2>
      <p class="muted">
        Subscribe to your bookings from Google Calendar, Outlook or Apple Calendar with a private link. Anyone with the
        link can read your bookings: keep it to yourself, and rotate or revoke it if it leaks.
      </p>
      @if (feed(); as feed) {
        <div class="url">
          <input readonly [value]="feed.url" aria-label="Your calendar feed URL" data-testid="feed-url" (focus)="select($event)" />
          <button mat-stroked-button type="button" (click)="copy(feed.url)">{{ copied() ? 'Copied' : 'Copy' }}</button>
        </div>
        <p class="muted small">Shown once: the server keeps only a fingerprint of it. Make a new one if you lose it.</p>
      } @else if (revoked()) {
        <p class="muted" data-testid="feed-revoked">Your feed link was revoked; calendar apps can no longer read it.</p>
      }
      <div class="buttons">
        <button mat-flat-button type="button" (click)="create()" [disabled]="busy()" data-testid="feed-create">
          {{ feed() ? 'Rotate link' : 'Create link' }}
        </button>
        <button mat-button type="button" class="danger" (click)="revoke()" [disabled]="busy()" data-testid="feed-revoke">Revoke</button>
      </div>
      @if (!feed()) {
        <p class="muted small">Creating a link replaces any link you made before.</p>
      }
      @if (error(); as error) {
        <p class="form-error" role="alert">{{ error }}</p>
      }
    </section>
  `,
  styles: `
    .feed { margin-top: 28px; padding: 16px; border-radius: 12px; border: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface); }
    h2 { margin: 0 0 6px; font: var(--mat-sys-title-large); }
    .muted { color: var(--mat-sys-on-surface-variant); margin: 4px 0 10px; }
    .small { font: var(--mat-sys-body-small); }
    .url { display: flex; gap: 8px; align-items: center; }
    .url input { flex: 1; min-width: 0; font: var(--mat-sys-body-medium); padding: 8px 10px; border-radius: 8px;
      border: 1px solid var(--mat-sys-outline); background: var(--mat-sys-surface-container-low); color: inherit; }
    .buttons { display: flex; gap: 8px; flex-wrap: wrap; }
    .danger { color: var(--mat-sys-error); }
  `,
})
export class CalendarFeedComponent {
  private readonly api = inject(ApiService);
  private readonly notifier = inject(Notifier);

  readonly feed = signal<CalendarFeed | null>(null);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly revoked = signal(false);
  readonly copied = signal(false);

  async create(): Promise<void> {
    await this.run(async () => {
      const rotated = this.feed() !== null;
      this.feed.set(await firstValueFrom(this.api.createCalendarFeed()));
      this.revoked.set(false);
      this.copied.set(false);
      this.notifier.success(rotated ? 'New feed link made; the old one no longer works.' : 'Feed link made.');
    });
  }

  async revoke(): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.api.revokeCalendarFeed());
      this.feed.set(null);
      this.revoked.set(true);
      this.notifier.success('Feed link revoked.');
    });
  }

  async copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.copied.set(true);
    } catch {
      this.error.set('The browser did not allow copying; select the link and copy it by hand.');
    }
  }

  protected select(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      this.error.set(messageOf(error));
    } finally {
      this.busy.set(false);
    }
  }
}
