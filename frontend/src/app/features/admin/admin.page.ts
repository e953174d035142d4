import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { AdminBookingsComponent } from './admin-bookings.component';
import { AdminCategoriesComponent } from './admin-categories.component';
import { AdminSlotsComponent } from './admin-slots.component';

@Component({
  selector: 'app-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTabsModule, AdminSlotsComponent, AdminCategoriesComponent, AdminBookingsComponent],
  template: `
    <section class="page">
      <h1>Administration</h1>
      <mat-tab-group animationDuration="0ms" mat-stretch-tabs="false">
        <mat-tab label="Slots"><app-admin-slots /></mat-tab>
        <mat-tab label="Categories"><ng-template matTabContent><app-admin-categories /></ng-template></mat-tab>
        <mat-tab label="Bookings"><ng-template matTabContent><app-admin-bookings /></ng-template></mat-tab>
      </mat-tab-group>
    </section>
  `,
  styles: `
    .page { max-width: 1200px; margin: 0 auto; padding: 20px; }
    h1 { margin: 0 0 12px; font: var(--mat-sys-headline-small); }
    @media (max-width: 600px) { .page { padding: 12px 8px; } }
  `,
})
export class AdminPage {}
