import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

/** Short messages at the bottom of the screen, read out by screen readers (the snack bar is a live region). */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);

  info(message: string): void {
    this.snackBar.open(message, 'OK', { duration: 5000, panelClass: 'notice-info' });
  }

  success(message: string): void {
    this.snackBar.open(message, 'OK', { duration: 5000, panelClass: 'notice-success' });
  }

  error(message: string): void {
    this.snackBar.open(message, 'Dismiss', { duration: 9000, panelClass: 'notice-error' });
  }
}
