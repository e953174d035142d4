import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AuthStore } from '../../core/auth/auth.store';
import { messageOf } from '../../core/http/problem';
import { safeNext } from './sign-in.page';

@Component({
  selector: 'app-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, RouterLink],
  template: `
    <main class="auth-card">
      <h1>Create an account</h1>
      <p class="lead">It takes a few seconds; you are signed in straight away.</p>
      <form (ngSubmit)="submit()" #form="ngForm">
        <mat-form-field appearance="outline">
          <mat-label>Username</mat-label>
          <input matInput name="username" autocomplete="username" required minlength="3" maxlength="40" pattern="[A-Za-z0-9._\\-]+" [(ngModel)]="username" />
          <mat-hint>3 to 40 letters, digits, '.', '_' or '-'</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Email</mat-label>
          <input matInput name="email" type="email" autocomplete="email" required email [(ngModel)]="email" />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Password</mat-label>
          <input matInput name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="128" [(ngModel)]="password" />
          <mat-hint>At least 10 characters, not containing your username</mat-hint>
        </mat-form-field>
        @if (error(); as error) {
          <p class="form-error" role="alert" data-testid="form-error">{{ error }}</p>
        }
        <button mat-flat-button type="submit" [disabled]="busy() || !form.valid">{{ busy() ? 'Creating…' : 'Create account' }}</button>
      </form>
      <p class="switch">Already have an account? <a routerLink="/signin" [queryParams]="{ next: next }">Sign in</a></p>
    </main>
  `,
  styleUrl: './auth.scss',
})
export class RegisterPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  protected readonly next = inject(ActivatedRoute).snapshot.queryParamMap.get('next') ?? '/';

  protected username = '';
  protected email = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.register(this.username.trim(), this.email.trim(), this.password);
      await this.router.navigateByUrl(safeNext(this.next));
    } catch (error) {
      this.error.set(messageOf(error));
    } finally {
      this.busy.set(false);
    }
  }
}
