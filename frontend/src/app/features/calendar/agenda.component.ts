import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { SlotView } from './calendar.store';
import { slotAriaLabel, stateText } from './slot-label';
import { formatDay, formatTime, sameDay, startOfDay } from '../../core/time/time';

/** The agenda: the window's slots as a list grouped by day; the view phones open with. */
@Component({
  selector: 'app-agenda',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (group of groups(); track group.key) {
      <section class="day" [attr.aria-label]="group.title">
        <h3>{{ group.title }}</h3>
        <ul role="list">
          @for (slot of group.slots; track slot.id) {
            <li>
              <button
                type="button"
                [class]="'row state-' + slot.state"
                [class.selected]="slot.id === selectedId()"
                [style.--cat]="slot.category?.color ?? '#607d8b'"
                [attr.aria-label]="label(slot)"
                [attr.aria-pressed]="slot.id === selectedId()"
                [attr.data-slot-id]="slot.id"
                [attr.data-state]="slot.state"
                (click)="selected.emit(slot)"
              >
                <span class="dot" aria-hidden="true"></span>
                <span class="time">{{ time(slot) }}</span>
                <span class="name">{{ slot.category?.name }}</span>
                <span class="state">{{ state(slot) }}</span>
              </button>
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    :host { display: block; padding: 8px 16px 16px; }
    h3 { font: var(--mat-sys-title-small); color: var(--mat-sys-on-surface-variant); margin: 16px 0 6px; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
    .row {
      width: 100%; display: grid; grid-template-columns: 12px 120px 1fr auto; align-items: center; gap: 12px;
      padding: 10px 14px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 10px;
      background: var(--mat-sys-surface); color: var(--mat-sys-on-surface); font: var(--mat-sys-body-medium);
      text-align: left; cursor: pointer;
    }
    .row:hover { background: var(--mat-sys-surface-container-low); }
    .row:focus-visible { outline: 3px solid var(--mat-sys-primary); outline-offset: 1px; }
    .row.selected { border-color: var(--mat-sys-primary); box-shadow: 0 0 0 1px var(--mat-sys-primary); }
    .dot { width: 12px; height: 12px; border-radius: 50%; background: var(--cat); }
    .time { font-weight: 600; font-variant-numeric: tabular-nums; }
    .state { font: var(--mat-sys-label-medium); padding: 3px 10px; border-radius: 999px; background: var(--mat-sys-surface-container); }
    .state-free .state { background: color-mix(in srgb, #2e7d32 14%, transparent); color: #1b5e20; }
    .state-taken { color: var(--mat-sys-on-surface-variant); }
    .state-mine .state { background: var(--cat); color: #fff; }
    .state-pending .state { background: #fff3cd; color: #7a5a00; }
    .state-held .state { background: #e3f2fd; color: #0d47a1; }
    .state-waiting .state { background: #f3e5f5; color: #4a148c; }
    @media (max-width: 600px) {
      :host { padding: 4px 8px 12px; }
      .row { grid-template-columns: 10px 1fr auto; row-gap: 2px; }
      .name { grid-column: 2; grid-row: 2; color: var(--mat-sys-on-surface-variant); }
      .state { grid-row: 1 / span 2; grid-column: 3; }
    }
  `,
})
export class AgendaComponent {
  readonly slots = input.required<SlotView[]>();
  readonly selectedId = input<string | null>(null);
  readonly selected = output<SlotView>();

  protected readonly groups = computed(() => {
    const groups: { key: number; title: string; slots: SlotView[] }[] = [];
    for (const slot of this.slots()) {
      const day = startOfDay(new Date(slot.startsAt));
      const last = groups.at(-1);
      if (last && sameDay(new Date(last.key), day)) {
        last.slots.push(slot);
      } else {
        groups.push({ key: day.getTime(), title: formatDay(day), slots: [slot] });
      }
    }
    return groups;
  });

  protected time(slot: SlotView): string {
    return `${formatTime(slot.startsAt)}–${formatTime(slot.endsAt)}`;
  }

  protected state(slot: SlotView): string {
    return slot.state === 'free' && slot.capacity > 1 ? `${slot.available} of ${slot.capacity} free` : stateText(slot);
  }

  protected label(slot: SlotView): string {
    return slotAriaLabel(slot);
  }
}
