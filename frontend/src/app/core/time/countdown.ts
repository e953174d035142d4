import { DestroyRef, Injectable, Signal, computed, inject, signal } from '@angular/core';

/** Milliseconds left until `until` (an ISO instant) at `now`, never below zero; null without a time. */
export function remainingMs(until: string | null | undefined, now: number): number | null {
  if (!until) {
    return null;
  }
  const end = Date.parse(until);
  return Number.isNaN(end) ? null : Math.max(0, end - now);
}

/**
 * A countdown as people read it: "4:59", "0:07", "1:02:03" past an hour. Rounded up, so "0:01" shows until the
 * very end and "0:00" only when the time is over.
 */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** The same in words for screen readers: "4 minutes 59 seconds". */
export function countdownWords(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (minutes) {
    parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  }
  if (seconds || !minutes) {
    parts.push(`${seconds} ${seconds === 1 ? 'second' : 'seconds'}`);
  }
  return parts.join(' ');
}

/**
 * A clock for countdowns: `now` ticks every second while at least one countdown is watched, and stands still
 * otherwise (no timer runs for a page without holds).
 */
@Injectable({ providedIn: 'root' })
export class Ticker {
  private readonly nowSignal = signal(Date.now());
  private watchers = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  readonly now: Signal<number> = this.nowSignal.asReadonly();

  /** Keeps the clock ticking until `destroyRef` is destroyed or the returned function is called. */
  watch(destroyRef?: DestroyRef): () => void {
    this.watchers++;
    this.nowSignal.set(Date.now());
    if (!this.timer) {
      this.timer = setInterval(() => this.nowSignal.set(Date.now()), 1000);
    }
    let done = false;
    const stop = () => {
      if (done) {
        return;
      }
      done = true;
      this.watchers--;
      if (this.watchers === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
    destroyRef?.onDestroy(stop);
    return stop;
  }

  /** A live countdown to `until()`: milliseconds left, updated each second while watched. */
  countdown(until: () => string | null | undefined): Signal<number | null> {
    return computed(() => remainingMs(until(), this.nowSignal()));
  }

  /** Reads the clock now (between ticks too). */
  refresh(): void {
    this.nowSignal.set(Date.now());
  }
}

/** For components: a ticker that runs while the component lives. */
export function injectTicker(): Ticker {
  const ticker = inject(Ticker);
  ticker.watch(inject(DestroyRef));
  return ticker;
}
