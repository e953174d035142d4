import { DestroyRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Ticker, countdownWords, formatCountdown, remainingMs } from './countdown';

describe('countdown', () => {
  it('counts the time left to an instant, never below zero', () => {
    const now = Date.parse('2030-01-01T10:00:00Z');
    expect(remainingMs('2030-01-01T10:05:00Z', now)).toBe(300_000);
    expect(remainingMs('2030-01-01T09:59:00Z', now)).toBe(0);
    expect(remainingMs(null, now)).toBeNull();
    expect(remainingMs('not a time', now)).toBeNull();
  });

  it('reads like a clock, rounded up so that 0:00 means over', () => {
    expect(formatCountdown(300_000)).toBe('5:00');
    expect(formatCountdown(299_001)).toBe('5:00');
    expect(formatCountdown(299_000)).toBe('4:59');
    expect(formatCountdown(7_000)).toBe('0:07');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
  });

  it('says it in words for screen readers', () => {
    expect(countdownWords(299_000)).toBe('4 minutes 59 seconds');
    expect(countdownWords(60_000)).toBe('1 minute');
    expect(countdownWords(1_000)).toBe('1 second');
    expect(countdownWords(0)).toBe('0 seconds');
  });

  it('ticks each second only while someone watches', () => {
    vi.useFakeTimers({ now: Date.parse('2030-01-01T10:00:00Z') });
    try {
      const ticker = TestBed.inject(Ticker);
      const left = ticker.countdown(() => '2030-01-01T10:00:08Z');
      const stop = ticker.watch();
      expect(left()).toBe(8_000);
      vi.advanceTimersByTime(3_000);
      expect(left()).toBe(5_000);
      expect(formatCountdown(left()!)).toBe('0:05');
      stop();
      vi.advanceTimersByTime(3_000);
      expect(left()).toBe(5_000);
      expect(vi.getTimerCount()).toBe(0);
      ticker.watch(TestBed.inject(DestroyRef));
      expect(left()).toBe(2_000);
    } finally {
      vi.useRealTimers();
    }
  });
});
