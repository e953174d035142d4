import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AuthStore } from '../../core/auth/auth.store';
import { messageOf } from '../../core/http/problem';

@Component({
  selector: 'app-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, RouterLink],
  template: `
    <main class="auth-card">
      <h1>Sign in</h1>
      <p class="lead">Book slots and see the calendar change live.</p>
      @if (auth.providers().length) {
        <div class="providers">
          @for (provider of auth.providers(); track provider.id) {
            <a mat-stroked-button class="provider" [href]="provider.authorizationUrl" [attr.data-provider]="provider.id">
              Sign in with {{ provider.name }}
            </a>
          }
        </div>
        <div class="or" aria-hidden="true"><span>or</span></div>
      }
      <form (ngSubmit)="submit()" #form="ngForm">
        <mat-form-field appearance="outline">
          <mat-label>Username or email</mat-label>
          <input matInput name="username" autocomplete="username" required [(ngModel)]="username" />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Password</mat-label>
          <input matInput name="password" type="password" autocomplete="current-password" required [(ngModel)]="password" />
        </mat-form-field>
        @if (error(); as error) {
          <p class="form-error" role="alert" data-testid="form-error">{{ error }}</p>
        }
        <button mat-flat-button type="submit" [disabled]="busy() || !form.valid">{{ busy() ? 'Signing in…' : 'Sign in' }}</button>
      </form>
      <p class="switch">New here? <a routerLink="/register" [queryParams]="{ next: next }">Create an account</a></p>
    </main>
  `,
  styleUrl: './auth.scss',
})
export class SignInPage implements OnInit {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  protected readonly next = inject(ActivatedRoute).snapshot.queryParamMap.get('next') ?? '/';

  protected username = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    void this.auth.loadProviders();
  }

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.signIn(this.username.trim(), this.password);
      await this.router.navigateByUrl(safeNext(this.next));
    } catch (error) {
      this.error.set(messageOf(error));
    } finally {
      this.busy.set(false);
    }
  }
}

/** Only paths of this app, never another site, after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
