import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../../core/api/api.service';
import { Booking, Category } from '../../core/api/models';
import { messageOf } from '../../core/http/problem';
import { formatShortDay, formatTime, localToInstant } from '../../core/time/time';
import { BookingHistoryComponent } from '../bookings/booking-history.component';

/** Every booking, newest first, filtered by status and slot time, a page at a time. */
@Component({
  selector: 'app-admin-bookings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    BookingHistoryComponent,
  ],
  template: `
    <section class="card">
      <form class="filters" (ngSubmit)="search(0)">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Status</mat-label>
          <mat-select name="status" [(ngModel)]="status">
            <mat-option value="">Any</mat-option>
            <mat-option value="PENDING">Pending</mat-option>
            <mat-option value="HELD">Held</mat-option>
            <mat-option value="WAITLISTED">Waitlisted</mat-option>
            <mat-option value="CONFIRMED">Confirmed</mat-option>
            <mat-option value="EXPIRED">Expired</mat-option>
            <mat-option value="REJECTED">Rejected</mat-option>
            <mat-option value="CANCELLED">Cancelled</mat-option>
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>From</mat-label>
          <input matInput name="from" type="date" [(ngModel)]="from" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>To</mat-label>
          <input matInput name="to" type="date" [(ngModel)]="to" />
        </mat-form-field>
        <button mat-flat-button type="submit">Apply</button>
      </form>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading bookings" />
      }
      @if (error(); as error) {
        <p class="form-error" role="alert">{{ error }}</p>
      }
      <div class="table-wrap">
        <table mat-table [dataSource]="rows()" aria-label="Bookings">
          <ng-container matColumnDef="created">
            <th mat-header-cell *matHeaderCellDef>Requested</th>
            <td mat-cell *matCellDef="let b">{{ at(b.createdAt) }}</td>
          </ng-container>
          <ng-container matColumnDef="user">
            <th mat-header-cell *matHeaderCellDef>Who</th>
            <td mat-cell *matCellDef="let b">{{ b.username ?? b.userId }}</td>
          </ng-container>
          <ng-container matColumnDef="slot">
            <th mat-header-cell *matHeaderCellDef>Slot</th>
            <td mat-cell *matCellDef="let b">
              <span class="dot" [style.background]="color(b)"></span> {{ category(b) }}, {{ at(b.slot.startsAt) }}
            </td>
          </ng-container>
          <ng-container matColumnDef="status">
            <th mat-header-cell *matHeaderCellDef>Status</th>
            <td mat-cell *matCellDef="let b">
              <span [class]="'status s-' + b.status">{{ b.status.toLowerCase() }}</span>
              @if (b.reason) {
                <span class="muted"> {{ b.reason }}</span>
              }
            </td>
          </ng-container>
          <ng-container matColumnDef="history">
            <th mat-header-cell *matHeaderCellDef><span class="cdk-visually-hidden">History</span></th>
            <td mat-cell *matCellDef="let b">
              <button mat-button type="button" (click)="toggle(b)" [attr.aria-expanded]="open()?.id === b.id" aria-controls="admin-history">History</button>
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let row; columns: columns"></tr>
          <tr class="mat-row" *matNoDataRow>
            <td class="muted empty" [attr.colspan]="columns.length">{{ loading() ? 'Loading…' : 'No bookings match these filters.' }}</td>
          </tr>
        </table>
      </div>
      @if (open(); as b) {
        <section class="history-panel" id="admin-history" aria-label="Booking history">
          <h3>History: {{ b.username ?? b.userId }}, {{ category(b) }}, {{ at(b.slot.startsAt) }}</h3>
          <app-booking-history [bookingId]="b.id" />
          <button mat-button type="button" (click)="open.set(null)">Close</button>
        </section>
      }
      <mat-paginator
        [length]="total()"
        [pageIndex]="page()"
        [pageSize]="size()"
        [pageSizeOptions]="[10, 25, 50, 100]"
        (page)="onPage($event)"
        aria-label="Pages of bookings"
      />
    </section>
  `,
  styleUrl: './admin.scss',
  styles: `
    .filters { margin-bottom: 12px; }
    .table-wrap { overflow-x: auto; }
    .status { padding: 2px 10px; border-radius: 999px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container); }
    .s-CONFIRMED { background: #e6f4ea; color: #1b5e20; }
    .s-PENDING { background: #fff3cd; color: #7a5a00; }
    .s-REJECTED { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    td.empty { padding: 24px; text-align: center; }
    .s-HELD { background: #e3f2fd; color: #0d47a1; }
    .s-WAITLISTED { background: #f3e5f5; color: #4a148c; }
    .s-EXPIRED { background: #fff3cd; color: #7a5a00; }
    .history-panel { margin: 12px 0; padding: 12px 16px; border-radius: 12px; background: var(--mat-sys-surface-container-low); }
    .history-panel h3 { margin: 0 0 8px; font: var(--mat-sys-title-small); }
  `,
})
export class AdminBookingsComponent implements OnInit {
  private readonly api = inject(ApiService);

  protected readonly columns = ['created', 'user', 'slot', 'status', 'history'];
  /** The booking whose history is shown under the table. */
  protected readonly open = signal<Booking | null>(null);
  protected readonly rows = signal<Booking[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(0);
  protected readonly size = signal(25);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly categories = signal<Map<number, Category>>(new Map());

  protected status = '';
  protected from = '';
  protected to = '';

  ngOnInit(): void {
    void firstValueFrom(this.api.categories())
      .then((c) => this.categories.set(new Map(c.map((x) => [x.id, x]))))
      .catch(() => undefined);
    void this.search(0);
  }

  protected onPage(event: PageEvent): void {
    this.size.set(event.pageSize);
    void this.search(event.pageIndex);
  }

  protected async search(page: number): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const answer = await firstValueFrom(
        this.api.adminBookings({
          status: this.status || undefined,
          from: this.from ? localToInstant(this.from, '00:00').toISOString() : undefined,
          to: this.to ? localToInstant(this.to, '23:59').toISOString() : undefined,
          page,
          size: this.size(),
        }),
      );
      this.rows.set(answer.items);
      this.total.set(answer.totalItems);
      this.page.set(answer.page);
    } catch (error) {
      this.error.set(messageOf(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected toggle(b: Booking): void {
    this.open.set(this.open()?.id === b.id ? null : b);
  }

  protected at(iso: string): string {
    return `${formatShortDay(new Date(iso))} ${formatTime(iso)}`;
  }

  protected category(b: Booking): string {
    return this.categories().get(b.slot.categoryId)?.name ?? `#${b.slot.categoryId}`;
  }

  protected color(b: Booking): string {
    return this.categories().get(b.slot.categoryId)?.color ?? '#607d8b';
  }
}
