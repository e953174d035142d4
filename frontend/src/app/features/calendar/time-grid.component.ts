import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, output } from '@angular/core';
import { SlotView } from './calendar.store';
import { slotAriaLabel, stateText } from './slot-label';
import { formatShortDay, formatTime, minutesInto, sameDay } from '../../core/time/time';

const HOUR_PX = 56;
const MIN_SLOT_PX = 22;

interface PlacedSlot {
  slot: SlotView;
  top: number;
  height: number;
  left: number;
  width: number;
  label: string;
  time: string;
}

interface DayColumn {
  day: Date;
  title: string;
  today: boolean;
  slots: PlacedSlot[];
}

/**
 * Week and day views: one column per day, slots placed by their local start and end time, overlapping slots side
 * by side. Arrow keys move between slots (up and down within a day, left and right across days).
 */
@Component({
  selector: 'app-time-grid',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="grid" [style.--hour-px.px]="hourPx" [class.single]="columns().length === 1">
      <div class="corner" aria-hidden="true"></div>
      @for (column of columns(); track column.day.getTime()) {
        <div class="day-head" [class.today]="column.today">{{ column.title }}</div>
      }
      <div class="hours" aria-hidden="true">
        @for (hour of hours(); track hour) {
          <div class="hour" [style.height.px]="hourPx">{{ hourLabel(hour) }}</div>
        }
      </div>
      @for (column of columns(); track column.day.getTime(); let d = $index) {
        <div
          class="day"
          role="group"
          [attr.aria-label]="column.title + (column.slots.length ? '' : ', no slots')"
          [class.today]="column.today"
          [style.height.px]="hours().length * hourPx"
        >
          @for (hour of hours(); track hour) {
            <div class="line" [style.top.px]="($index) * hourPx" aria-hidden="true"></div>
          }
          @for (placed of column.slots; track placed.slot.id; let i = $index) {
            <button
              type="button"
              [class]="'slot state-' + placed.slot.state"
              [class.selected]="placed.slot.id === selectedId()"
              [style.top.px]="placed.top"
              [style.height.px]="placed.height"
              [style.left.%]="placed.left"
              [style.width.%]="placed.width"
              [style.--cat]="placed.slot.category?.color ?? '#607d8b'"
              [attr.aria-label]="placed.label"
              [attr.aria-pressed]="placed.slot.id === selectedId()"
              [attr.data-slot-id]="placed.slot.id"
              [attr.data-state]="placed.slot.state"
              [attr.data-day]="d"
              [attr.data-index]="i"
              (click)="selected.emit(placed.slot)"
              (keydown)="onKey($event, d, i)"
            >
              <span class="time">{{ placed.time }}</span>
              <span class="name">{{ placed.slot.category?.name }}</span>
              <span class="badge">{{ badge(placed.slot) }}</span>
            </button>
          }
        </div>
      }
    </div>
  `,
  styleUrl: './time-grid.component.scss',
})
export class TimeGridComponent {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly days = input.required<Date[]>();
  readonly slots = input.required<SlotView[]>();
  readonly selectedId = input<string | null>(null);
  readonly selected = output<SlotView>();

  protected readonly hourPx = HOUR_PX;

  /** Hours shown: 08:00 to 20:00, stretched to fit every slot on screen. */
  protected readonly hours = computed(() => {
    let first = 8;
    let last = 20;
    for (const slot of this.slots()) {
      const start = new Date(slot.startsAt);
      const end = new Date(slot.endsAt);
      const sameDayEnd = sameDay(start, end) ? end.getHours() + (end.getMinutes() > 0 ? 1 : 0) : 24;
      first = Math.min(first, start.getHours());
      last = Math.max(last, sameDayEnd);
    }
    return Array.from({ length: last - first }, (_, i) => first + i);
  });

  protected readonly columns = computed<DayColumn[]>(() => {
    const firstHour = this.hours()[0] ?? 0;
    const totalMinutes = this.hours().length * 60;
    const today = new Date();
    return this.days().map((day) => {
      const daySlots = this.slots().filter((slot) => {
        const start = minutesInto(day, new Date(slot.startsAt));
        const end = minutesInto(day, new Date(slot.endsAt));
        return end > 0 && start < 24 * 60;
      });
      const lanes = assignLanes(daySlots, day);
      const slots = daySlots.map((slot, index) => {
        const start = Math.max(0, minutesInto(day, new Date(slot.startsAt)) - firstHour * 60);
        const end = Math.min(totalMinutes, minutesInto(day, new Date(slot.endsAt)) - firstHour * 60);
        const { lane, of } = lanes[index];
        return {
          slot,
          top: (start / 60) * HOUR_PX,
          height: Math.max(MIN_SLOT_PX, ((end - start) / 60) * HOUR_PX - 2),
          left: (lane / of) * 100,
          width: 100 / of,
          label: slotAriaLabel(slot),
          time: `${formatTime(slot.startsAt)}–${formatTime(slot.endsAt)}`,
        };
      });
      return { day, title: formatShortDay(day), today: sameDay(day, today), slots };
    });
  });

  protected hourLabel(hour: number): string {
    return `${hour.toString().padStart(2, '0')}:00`;
  }

  protected badge(slot: SlotView): string {
    if (slot.state === 'free' && slot.capacity > 1) {
      return `${slot.available}/${slot.capacity} free`;
    }
    if (slot.state === 'taken' && slot.waiting) {
      return `full · ${slot.waiting} waiting`;
    }
    return stateText(slot);
  }

  protected onKey(event: KeyboardEvent, day: number, index: number): void {
    const columns = this.columns();
    let target: { day: number; index: number } | null = null;
    switch (event.key) {
      case 'ArrowDown':
        target = { day, index: Math.min(index + 1, columns[day].slots.length - 1) };
        break;
      case 'ArrowUp':
        target = { day, index: Math.max(index - 1, 0) };
        break;
      case 'ArrowRight':
      case 'ArrowLeft': {
        const step = event.key === 'ArrowRight' ? 1 : -1;
        const from = columns[day].slots[index];
        for (let d = day + step; d >= 0 && d < columns.length; d += step) {
          if (columns[d].slots.length) {
            target = { day: d, index: nearest(columns[d].slots, from.top) };
            break;
          }
        }
        break;
      }
      case 'Home':
        target = { day, index: 0 };
        break;
      case 'End':
        target = { day, index: columns[day].slots.length - 1 };
        break;
    }
    if (target) {
      event.preventDefault();
      this.host.nativeElement
        .querySelector<HTMLElement>(`[data-day="${target.day}"][data-index="${target.index}"]`)
        ?.focus();
    }
  }
}

function nearest(slots: PlacedSlot[], top: number): number {
  let best = 0;
  for (let i = 1; i < slots.length; i++) {
    if (Math.abs(slots[i].top - top) < Math.abs(slots[best].top - top)) {
      best = i;
    }
  }
  return best;
}

/** Greedy lanes: each slot takes the first lane free at its start; a cluster of overlaps shares its lane count. */
function assignLanes(slots: SlotView[], day: Date): { lane: number; of: number }[] {
  const result: { lane: number; of: number }[] = [];
  let laneEnds: number[] = [];
  let cluster: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    for (const i of cluster) {
      result[i].of = laneEnds.length;
    }
    cluster = [];
    laneEnds = [];
  };
  slots.forEach((slot, i) => {
    const start = minutesInto(day, new Date(slot.startsAt));
    const end = minutesInto(day, new Date(slot.endsAt));
    if (start >= clusterEnd) {
      close();
    }
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(end);
    } else {
      laneEnds[lane] = end;
    }
    result[i] = { lane, of: 1 };
    cluster.push(i);
    clusterEnd = Math.max(clusterEnd, end);
  });
  close();
  return result;
}
