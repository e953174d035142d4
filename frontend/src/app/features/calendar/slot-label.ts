import { SlotView } from './calendar.store';
import { formatDay, formatTime } from '../../core/time/time';

const STATE_TEXT = {
  free: 'free',
  taken: 'fully booked',
  mine: 'booked by you',
  pending: 'your request is on its way',
  held: 'held for you',
  waiting: 'you are in the waitlist',
} as const;

export function stateText(slot: SlotView): string {
  return STATE_TEXT[slot.state];
}

/** What a screen reader says for a slot: category, day, time, state and places left. */
export function slotAriaLabel(slot: SlotView): string {
  const places =
    slot.capacity > 1 ? `, ${slot.available} of ${slot.capacity} places left` : '';
  const waiting = slot.waiting ? `, ${slot.waiting} waiting` : '';
  return `${slot.category?.name ?? 'Slot'}, ${formatDay(new Date(slot.startsAt))}, ${formatTime(slot.startsAt)} to ${formatTime(slot.endsAt)}, ${stateText(slot)}${places}${waiting}`;
}
