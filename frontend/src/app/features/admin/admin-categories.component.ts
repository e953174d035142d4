import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../../core/api/api.service';
import { Category } from '../../core/api/models';
import { messageOf } from '../../core/http/problem';
import { Notifier } from '../../core/notify';
import { CalendarStore } from '../calendar/calendar.store';

interface Editable {
  id: number;
  name: string;
  color: string;
  /** The daily limit per person as typed; empty for none. */
  limit: number | null;
}

/** Categories and their colours; a category that has slots cannot be deleted (the API answers 409). */
@Component({
  selector: 'app-admin-categories',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <section class="card">
      <h2>Categories</h2>
      <p class="hint">A daily limit caps how many active bookings (held, waiting or confirmed) one person may have in the category on one day; leave it empty for none.</p>
      <ul class="cats">
        @for (category of categories(); track category.id) {
          <li>
            <input type="color" [(ngModel)]="category.color" [attr.aria-label]="'Colour of ' + category.name" />
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Name</mat-label>
              <input matInput [(ngModel)]="category.name" />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="limit">
              <mat-label>Daily limit per person</mat-label>
              <input matInput type="number" min="1" max="1000" step="1" placeholder="none" [(ngModel)]="category.limit"
                [attr.aria-label]="'Daily limit per person for ' + category.name" />
            </mat-form-field>
            <button mat-stroked-button type="button" (click)="save(category)">Save</button>
            <button mat-button type="button" (click)="feed(category)" [attr.aria-label]="'Calendar feed of ' + category.name">Feed link</button>
            <button mat-button type="button" class="danger" (click)="remove(category)">Delete</button>
            @if (feeds().get(category.id); as url) {
              <div class="feed">
                <input readonly [value]="url" [attr.aria-label]="'Calendar feed URL of ' + category.name" />
                <button mat-button type="button" class="danger" (click)="revokeFeed(category)">Revoke</button>
              </div>
            }
          </li>
        }
      </ul>
      <form class="add" (ngSubmit)="add()">
        <input type="color" name="color" [(ngModel)]="newColor" aria-label="Colour of the new category" />
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>New category</mat-label>
          <input matInput name="name" [(ngModel)]="newName" required maxlength="60" />
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="!newName.trim()">Add</button>
      </form>
      @if (error(); as error) {
        <p class="form-error" role="alert">{{ error }}</p>
      }
    </section>
  `,
  styleUrl: './admin.scss',
  styles: `
    .cats { list-style: none; margin: 0 0 16px; padding: 0; display: grid; gap: 10px; }
    li, .add { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    input[type='color'] { width: 44px; height: 44px; border: 0; padding: 0; background: none; cursor: pointer; }
    mat-form-field { flex: 1; min-width: 180px; }
    mat-form-field.limit { flex: 0 1 190px; min-width: 150px; }
    .hint { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); margin: 0 0 12px; }
    .danger { color: var(--mat-sys-error); }
    .feed { flex-basis: 100%; display: flex; gap: 8px; align-items: center; }
    .feed input { flex: 1; min-width: 0; padding: 6px 8px; border-radius: 8px; border: 1px solid var(--mat-sys-outline); background: var(--mat-sys-surface-container-low); color: inherit; }
  `,
})
export class AdminCategoriesComponent implements OnInit {
  private readonly api = inject(ApiService);
  private readonly notifier = inject(Notifier);
  private readonly calendar = inject(CalendarStore);

  protected readonly categories = signal<Editable[]>([]);
  protected readonly error = signal<string | null>(null);
  /** Category feed URLs made here (shown once: the server keeps only their hash). */
  protected readonly feeds = signal<ReadonlyMap<number, string>>(new Map());
  protected newName = '';
  protected newColor = '#3f7be0';

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const categories = await firstValueFrom(this.api.categories());
      this.categories.set(
        categories.map((c: Category) => ({ id: c.id, name: c.name, color: c.color, limit: c.dailyLimitPerUser ?? null })),
      );
      void this.calendar.reloadCategories().catch(() => undefined);
    } catch (error) {
      this.error.set(messageOf(error));
    }
  }

  protected async save(category: Editable): Promise<void> {
    const limit = limitOf(category.limit);
    if (limit === undefined) {
      this.error.set('The daily limit is a whole number from 1 to 1000, or empty for none.');
      return;
    }
    await this.run(async () => {
      await firstValueFrom(this.api.updateCategory(category.id, category.name.trim(), category.color));
      await firstValueFrom(this.api.setDailyLimit(category.id, limit));
    }, `Saved ${category.name}`);
  }

  /** Makes (or rotates) the category's calendar feed: every booking in it, for the organisers' calendar. */
  protected async feed(category: Editable): Promise<void> {
    this.error.set(null);
    try {
      const feed = await firstValueFrom(this.api.createCategoryFeed(category.id));
      this.feeds.set(new Map(this.feeds()).set(category.id, feed.url));
      this.notifier.success(`Feed link of ${category.name} made; any earlier one no longer works.`);
    } catch (error) {
      this.error.set(messageOf(error));
    }
  }

  protected async revokeFeed(category: Editable): Promise<void> {
    this.error.set(null);
    try {
      await firstValueFrom(this.api.revokeCategoryFeed(category.id));
      const next = new Map(this.feeds());
      next.delete(category.id);
      this.feeds.set(next);
      this.notifier.success(`Feed link of ${category.name} revoked.`);
    } catch (error) {
      this.error.set(messageOf(error));
    }
  }

  protected async remove(category: Editable): Promise<void> {
    await this.run(() => firstValueFrom(this.api.deleteCategory(category.id)), `Deleted ${category.name}`);
  }

  protected async add(): Promise<void> {
    const name = this.newName.trim();
    if (await this.run(() => firstValueFrom(this.api.createCategory(name, this.newColor)), `Added ${name}`)) {
      this.newName = '';
    }
  }

  private async run(action: () => Promise<unknown>, done: string): Promise<boolean> {
    this.error.set(null);
    try {
      await action();
      this.notifier.success(done);
      await this.load();
      return true;
    } catch (error) {
      this.error.set(messageOf(error));
      return false;
    }
  }
}

/** The typed limit for the API: null for none, undefined when it is not a whole number from 1 to 1000. */
export function limitOf(value: number | string | null | undefined): number | null | undefined {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : undefined;
}
