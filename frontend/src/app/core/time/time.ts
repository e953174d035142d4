/**
 * Dates as the calendar shows them: in the browser's time zone, weeks from Monday. The API stores and answers
 * UTC instants; these helpers only decide where an instant lands on screen.
 */

export const DAY_MS = 86_400_000;

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** `UTC+01:00` for the given moment in the browser's zone (it changes with daylight-saving time). */
export function offsetLabel(at: Date = new Date()): string {
  const minutes = -at.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days, date.getHours(), date.getMinutes());
}

export function startOfWeek(date: Date): Date {
  const day = startOfDay(date);
  return addDays(day, -((day.getDay() + 6) % 7));
}

export function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Minutes since local midnight of `day` (negative before it, over 1440 after it). */
export function minutesInto(day: Date, at: Date): number {
  return Math.round((at.getTime() - startOfDay(day).getTime()) / 60_000);
}

export function formatTime(iso: string | Date): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function formatDay(date: Date): string {
  return date.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
}

export function formatShortDay(date: Date): string {
  return date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
}

export function formatRange(startsAt: string, endsAt: string): string {
  return `${formatShortDay(new Date(startsAt))}, ${formatTime(startsAt)}–${formatTime(endsAt)}`;
}

/** `yyyy-mm-dd` of a local date, as `<input type="date">` wants it. */
export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A local date and `hh:mm` from form inputs, as a UTC instant. */
export function localToInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(y, m - 1, d, hh, mm);
}

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}
