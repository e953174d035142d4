import { TestBed } from '@angular/core/testing';
import { CATCH_UP_WINDOW_MS, PUSH_BACKOFF, PushEvent, PushService, SOCKET_FACTORY, SocketLike } from './push.service';

/** A WebSocket stand-in: the test plays the server by calling `frame()` and `drop()`. */
class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;

  constructor(readonly url: string) {}

  frame(type: string, seq: number | undefined, data: Record<string, unknown> = {}): void {
    this.onmessage?.({ data: JSON.stringify(seq === undefined ? { type, data } : { type, seq, data }) });
  }

  raw(text: string): void {
    this.onmessage?.({ data: text });
  }

  drop(code = 1006): void {
    this.closed = true;
    this.onclose?.({ code, reason: '' });
  }

  close(code = 1000): void {
    if (!this.closed) {
      this.drop(code);
    }
  }
}

describe('PushService', () => {
  let sockets: FakeSocket[];
  let service: PushService;
  let events: PushEvent[];

  const latest = () => sockets[sockets.length - 1];
  const frames = () => events.filter((e) => e.kind === 'frame').map((e) => (e.kind === 'frame' ? e.frame.type + ':' + (e.frame.seq ?? '-') : ''));

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: SOCKET_FACTORY, useValue: (url: string) => sockets[sockets.push(new FakeSocket(url)) - 1] },
        { provide: PUSH_BACKOFF, useValue: { initialMs: 100, maxMs: 1600, jitter: 0 } },
      ],
    });
    service = TestBed.inject(PushService);
    events = [];
    service.events.subscribe((e) => events.push(e));
  });

  afterEach(() => {
    service.stop();
    vi.useRealTimers();
  });

  it('connects without a position first and is live after the welcome', () => {
    service.start();
    expect(latest().url).toBe(`ws://${location.host}/ws`);
    expect(service.status()).toBe('connecting');

    latest().frame('welcome', 41, { epoch: 'e1', resumed: false });

    expect(service.status()).toBe('live');
    expect(service.position).toEqual({ epoch: 'e1', lastSeq: 41 });
    expect(events).toEqual([]);
  });

  it('resumes from the last seq and epoch after a dropped connection', () => {
    service.start();
    latest().frame('welcome', 10, { epoch: 'ep-1', resumed: false });
    latest().frame('booking_created', 11, { slotId: 's1' });
    latest().frame('availability_changed', 12, { slotId: 's1' });

    latest().drop();
    expect(service.status()).toBe('reconnecting');
    vi.advanceTimersByTime(100);

    expect(sockets).toHaveLength(2);
    expect(latest().url).toBe(`ws://${location.host}/ws?lastSeq=12&epoch=ep-1`);
  });

  it('reports the replayed frames as missed and counts them when the catch-up is over', () => {
    service.start();
    latest().frame('welcome', 5, { epoch: 'e', resumed: false });
    latest().drop();
    vi.advanceTimersByTime(100);
    const before = new Date(Date.now() - 5000).toISOString();

    latest().frame('welcome', 5, { epoch: 'e', resumed: true });
    latest().frame('booking_created', 6, { slotId: 's', occurredAt: before });
    latest().frame('timeslot_created', 7, { slotId: 't', occurredAt: before });
    vi.advanceTimersByTime(CATCH_UP_WINDOW_MS);
    latest().frame('booking_created', 8, { slotId: 'u', occurredAt: new Date(Date.now() + 1000).toISOString() });

    expect(events.map((e) => (e.kind === 'frame' ? `${e.frame.seq}:${e.missed}` : e.kind))).toEqual([
      'reconnected',
      '6:true',
      '7:true',
      'caught-up',
      '8:false',
    ]);
    expect(events.find((e) => e.kind === 'caught-up')).toEqual({ kind: 'caught-up', missed: 2 });
    expect(events.find((e) => e.kind === 'reconnected')).toEqual({ kind: 'reconnected', resumed: true });
  });

  it('drops frames it already has, so a replay overlap is applied once', () => {
    service.start();
    latest().frame('welcome', 3, { epoch: 'e', resumed: false });
    latest().frame('booking_created', 4, { slotId: 'a' });
    latest().frame('booking_created', 4, { slotId: 'a' });
    latest().frame('booking_created', 2, { slotId: 'old' });
    latest().frame('booking_created', 5, { slotId: 'b' });

    expect(frames()).toEqual(['booking_created:4', 'booking_created:5']);
    expect(service.position.lastSeq).toBe(5);
  });

  it('treats a gap in seq as a resync', () => {
    service.start();
    latest().frame('welcome', 3, { epoch: 'e', resumed: false });
    latest().frame('booking_created', 7, { slotId: 'a' });

    expect(events).toEqual([{ kind: 'resync', reason: 'gap' }]);
    expect(service.position.lastSeq).toBe(7);
  });

  it('takes the new epoch and seq from a resync and asks for a reload', () => {
    service.start();
    latest().frame('welcome', 3, { epoch: 'old', resumed: false });
    latest().drop();
    vi.advanceTimersByTime(100);
    expect(latest().url).toContain('lastSeq=3&epoch=old');

    latest().frame('resync', 0, { epoch: 'new', reason: 'epoch_changed' });
    latest().frame('booking_created', 1, { slotId: 'x' });

    expect(events.map((e) => e.kind)).toEqual(['reconnected', 'resync', 'frame']);
    expect(events[1]).toEqual({ kind: 'resync', reason: 'epoch_changed' });
    expect(service.position).toEqual({ epoch: 'new', lastSeq: 1 });
    expect(service.status()).toBe('live');
  });

  it('passes private decisions through without moving the resume point', () => {
    service.start();
    latest().frame('welcome', 9, { epoch: 'e', resumed: false });
    latest().frame('booking_confirmed', undefined, { slotId: 's', bookingId: 'b' });

    expect(frames()).toEqual(['booking_confirmed:-']);
    expect(service.position.lastSeq).toBe(9);
  });

  it('backs off exponentially up to the maximum and resets after a welcome', () => {
    service.start();
    latest().drop();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const count = sockets.length;
      let waited = 0;
      while (sockets.length === count) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      delays.push(waited);
      latest().drop();
    }
    expect(delays).toEqual([100, 200, 400, 800, 1600, 1600]);

    vi.advanceTimersByTime(1600);
    latest().frame('welcome', 1, { epoch: 'e', resumed: false });
    expect(service.attempts()).toBe(0);
    latest().drop();
    vi.advanceTimersByTime(100);
    expect(latest().url).toContain('lastSeq=1');
  });

  it('takes jitter off the delay but never below the remaining share', () => {
    const delay = service.delayFor(3, 1);
    expect(delay).toBe(800);
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [{ provide: PUSH_BACKOFF, useValue: { initialMs: 500, maxMs: 15000, jitter: 0.3 } }] });
    const jittery = TestBed.inject(PushService);
    expect(jittery.delayFor(0, 0)).toBe(500);
    expect(jittery.delayFor(0, 1)).toBe(350);
    expect(jittery.delayFor(10, 0)).toBe(15000);
  });

  it('stops for good and forgets the position when stopped', () => {
    service.start();
    latest().frame('welcome', 4, { epoch: 'e', resumed: false });
    service.stop();
    vi.advanceTimersByTime(10_000);

    expect(sockets).toHaveLength(1);
    expect(service.status()).toBe('idle');
    service.start();
    expect(latest().url).toBe(`ws://${location.host}/ws`);
  });

  it('ignores frames that are not JSON and frames from a replaced socket', () => {
    service.start();
    const first = latest();
    first.frame('welcome', 1, { epoch: 'e', resumed: false });
    first.raw('not json');
    first.drop();
    vi.advanceTimersByTime(100);
    first.frame('booking_created', 2, { slotId: 'ghost' });

    expect(frames()).toEqual([]);
  });
});
