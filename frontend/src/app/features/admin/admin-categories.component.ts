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
}

/** Categories and their colours; a category that has slots cannot be deleted (the API answers 409). */
@Component({
  selector: 'app-admin-categories',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <section class="card">
      <h2>Categories</h2>
      <ul class="cats">
        @for (category of categories(); track category.id) {
          <li>
            <input type="color" [(ngModel)]="category.color" [attr.aria-label]="'Colour of ' + category.name" />
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Name</mat-label>
              <input matInput [(ngModel)]="category.name" />
            </mat-form-field>
            <button mat-stroked-button type="button" (click)="save(category)">Save</button>
            <button mat-button type="button" class="danger" (click)="remove(category)">Delete</button>
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
    .danger { color: var(--mat-sys-error); }
  `,
})
export class AdminCategoriesComponent implements OnInit {
  private readonly api = inject(ApiService);
  private readonly notifier = inject(Notifier);
  private readonly calendar = inject(CalendarStore);

  protected readonly categories = signal<Editable[]>([]);
  protected readonly error = signal<string | null>(null);
  protected newName = '';
  protected newColor = '#3f7be0';

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const categories = await firstValueFrom(this.api.categories());
      this.categories.set(categories.map((c: Category) => ({ id: c.id, name: c.name, color: c.color })));
      void this.calendar.reloadCategories().catch(() => undefined);
    } catch (error) {
      this.error.set(messageOf(error));
    }
  }

  protected async save(category: Editable): Promise<void> {
    await this.run(() => firstValueFrom(this.api.updateCategory(category.id, category.name.trim(), category.color)), `Saved ${category.name}`);
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
