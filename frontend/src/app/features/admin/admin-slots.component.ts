import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../../core/api/api.service';
import { Category, NewSlot, TimeSlot } from '../../core/api/models';
import { messageOf } from '../../core/http/problem';
import { Notifier } from '../../core/notify';
import { addDays, browserZone, formatDay, formatTime, isoDate, localToInstant, startOfDay } from '../../core/time/time';
import { IconComponent } from '../../shared/ui/icon.component';

type Mode = 'one' | 'many' | 'series';

const WEEKDAYS = [
  { value: 'MONDAY', label: 'Mon' },
  { value: 'TUESDAY', label: 'Tue' },
  { value: 'WEDNESDAY', label: 'Wed' },
  { value: 'THURSDAY', label: 'Thu' },
  { value: 'FRIDAY', label: 'Fri' },
  { value: 'SATURDAY', label: 'Sat' },
  { value: 'SUNDAY', label: 'Sun' },
];

/** Creating slots (one, several in a row, or a weekly series) and deleting upcoming ones. */
@Component({
  selector: 'app-admin-slots',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    IconComponent,
  ],
  templateUrl: './admin-slots.component.html',
  styleUrl: './admin.scss',
})
export class AdminSlotsComponent implements OnInit {
  private readonly api = inject(ApiService);
  private readonly notifier = inject(Notifier);

  protected readonly weekdays = WEEKDAYS;
  protected readonly zone = browserZone();
  protected readonly mode = signal<Mode>('one');
  protected readonly categories = signal<Category[]>([]);
  protected readonly slots = signal<TimeSlot[]>([]);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly created = signal<string | null>(null);
  /** The first day of the list on the right; after a creation it moves to the first new slot. */
  protected readonly listFrom = signal(startOfDay(new Date()));

  protected categoryId: number | null = null;
  protected capacity = 1;
  protected date = isoDate(addDays(new Date(), 1));
  protected startTime = '09:00';
  protected endTime = '10:00';
  protected count = 4;
  protected durationMinutes = 60;
  protected gapMinutes = 0;
  protected firstDate = isoDate(addDays(new Date(), 1));
  protected lastDate = isoDate(addDays(new Date(), 28));
  protected days: Record<string, boolean> = { MONDAY: true, WEDNESDAY: true };
  protected seriesZone = browserZone();

  private readonly categoryById = computed(() => new Map(this.categories().map((c) => [c.id, c])));

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    try {
      const from = this.listFrom();
      const [categories, slots] = await Promise.all([
        firstValueFrom(this.api.categories()),
        firstValueFrom(this.api.timeslots(from, addDays(from, 35))),
      ]);
      this.categories.set(categories);
      this.categoryId ??= categories[0]?.id ?? null;
      this.slots.set(slots.filter((s) => Date.parse(s.startsAt) > Date.now()));
    } catch (error) {
      this.error.set(messageOf(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected async create(): Promise<void> {
    if (this.categoryId === null) {
      this.error.set('Choose a category first.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.created.set(null);
    try {
      const created = await this.submit(this.categoryId);
      this.created.set(`${created.length} ${created.length === 1 ? 'slot' : 'slots'} created.`);
      this.notifier.success(`${created.length} ${created.length === 1 ? 'slot' : 'slots'} created`);
      if (created.length) {
        this.listFrom.set(startOfDay(new Date(Math.min(...created.map((s) => Date.parse(s.startsAt))))));
      }
      await this.load();
    } catch (error) {
      this.error.set(messageOf(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async submit(categoryId: number): Promise<TimeSlot[]> {
    switch (this.mode()) {
      case 'one': {
        const start = localToInstant(this.date, this.startTime);
        let end = localToInstant(this.date, this.endTime);
        if (end <= start) {
          end = addDays(end, 1);
        }
        return [await firstValueFrom(this.api.createSlot({ categoryId, startsAt: start.toISOString(), endsAt: end.toISOString(), capacity: this.capacity }))];
      }
      case 'many': {
        const slots: NewSlot[] = [];
        let start = localToInstant(this.date, this.startTime);
        for (let i = 0; i < this.count; i++) {
          const end = new Date(start.getTime() + this.durationMinutes * 60_000);
          slots.push({ categoryId, startsAt: start.toISOString(), endsAt: end.toISOString(), capacity: this.capacity });
          start = new Date(end.getTime() + this.gapMinutes * 60_000);
        }
        return firstValueFrom(this.api.createSlots(slots));
      }
      case 'series': {
        const daysOfWeek = WEEKDAYS.map((d) => d.value).filter((d) => this.days[d]);
        if (!daysOfWeek.length) {
          throw new Error('Pick at least one weekday.');
        }
        return firstValueFrom(
          this.api.createSeries({
            categoryId,
            firstDate: this.firstDate,
            lastDate: this.lastDate,
            daysOfWeek,
            startTime: this.startTime,
            endTime: this.endTime,
            zone: this.seriesZone,
            capacity: this.capacity,
          }),
        );
      }
    }
  }

  protected showFrom(date: string): void {
    if (date) {
      this.listFrom.set(localToInstant(date, '00:00'));
      void this.load();
    }
  }

  protected listFromValue(): string {
    return isoDate(this.listFrom());
  }

  protected async remove(slot: TimeSlot): Promise<void> {
    if (!confirm(`Delete ${this.describe(slot)}? Confirmed bookings of it are cancelled.`)) {
      return;
    }
    try {
      await firstValueFrom(this.api.deleteSlot(slot.id));
      this.slots.set(this.slots().filter((s) => s.id !== slot.id));
      this.notifier.success('Slot deleted');
    } catch (error) {
      this.notifier.error(messageOf(error));
    }
  }

  protected describe(slot: TimeSlot): string {
    return `${this.categoryName(slot)} on ${formatDay(new Date(slot.startsAt))} at ${formatTime(slot.startsAt)}`;
  }

  protected categoryName(slot: TimeSlot): string {
    return this.categoryById().get(slot.categoryId)?.name ?? `#${slot.categoryId}`;
  }

  protected color(slot: TimeSlot): string {
    return this.categoryById().get(slot.categoryId)?.color ?? '#607d8b';
  }

  protected day(slot: TimeSlot): string {
    return formatDay(new Date(slot.startsAt));
  }

  protected time(slot: TimeSlot): string {
    return `${formatTime(slot.startsAt)}–${formatTime(slot.endsAt)}`;
  }
}
