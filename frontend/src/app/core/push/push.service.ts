import { DOCUMENT } from '@angular/common';
import { Injectable, InjectionToken, NgZone, inject, signal } from '@angular/core';
import { Observable, Subject } from 'rxjs';

/** A frame from push-service: `{type, seq?, data}` (docs/push-service.md). */
export interface PushFrame {
  type: string;
  seq?: number;
  data: Record<string, unknown>;
}

/**
 * What the app hears from the push connection:
 * - `frame`: a broadcast or private frame to apply; `missed` is true for broadcasts replayed on resume, that is
 *   things that happened while this browser was disconnected;
 * - `resync`: the server could not resume; reload the view over HTTP;
 * - `reconnected`: a new connection after a lost one; private frames are not replayed, so reload one's own bookings;
 * - `caught-up`: the replay after a resumed reconnect is over, with how many broadcasts it held.
 */
export type PushEvent =
  | { kind: 'frame'; frame: PushFrame; missed: boolean }
  | { kind: 'resync'; reason: string }
  | { kind: 'reconnected'; resumed: boolean }
  | { kind: 'caught-up'; missed: number };

export type PushStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

/** The part of the browser's WebSocket the service uses, so tests can hand in a fake. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export const SOCKET_FACTORY = new InjectionToken<(url: string) => SocketLike>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new WebSocket(url) as unknown as SocketLike,
});

/** Reconnect delays: exponential from `initialMs` to `maxMs`, each with up to `jitter` taken off at random. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  jitter: number;
}

export const PUSH_BACKOFF = new InjectionToken<BackoffPolicy>('PUSH_BACKOFF', {
  providedIn: 'root',
  factory: () => ({ initialMs: 500, maxMs: 15_000, jitter: 0.3 }),
});

/** How long after a resumed welcome replayed frames may still arrive before the catch-up is reported. */
export const CATCH_UP_WINDOW_MS = 750;

/**
 * The app's single WebSocket to push-service. It keeps the epoch and the last broadcast seq it saw, reconnects
 * with backoff after any close, and asks to resume from there (`/ws?lastSeq=N&epoch=E`): the server replays what
 * was missed, or answers `resync` when it cannot, and the app then reloads its view over HTTP. Frames whose seq
 * is not past the last one are dropped (a replay overlap), and a gap in seq is treated as a resync.
 */
@Injectable({ providedIn: 'root' })
export class PushService {
  private readonly document = inject(DOCUMENT);
  private readonly createSocket = inject(SOCKET_FACTORY);
  private readonly backoff = inject(PUSH_BACKOFF);
  private readonly zone = inject(NgZone);
  private readonly subject = new Subject<PushEvent>();

  /** `live` when frames flow; `reconnecting` between a lost connection and the next welcome. */
  readonly status = signal<PushStatus>('idle');
  /** How many reconnect attempts failed in a row (0 while live). */
  readonly attempts = signal(0);
  readonly events: Observable<PushEvent> = this.subject.asObservable();

  private socket: SocketLike | null = null;
  private running = false;
  private everWelcomed = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private catchUpTimer: ReturnType<typeof setTimeout> | null = null;
  private catchingUpSince: number | null = null;
  private missedCount = 0;
  private lastSeq: number | null = null;
  private epoch: string | null = null;

  /** Where a reconnect would resume: the epoch and seq of the last frame seen. */
  get position(): { epoch: string | null; lastSeq: number | null } {
    return { epoch: this.epoch, lastSeq: this.lastSeq };
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.connect();
  }

  /** Closes the connection and forgets the position (the next user starts fresh). */
  stop(): void {
    this.running = false;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'signed out');
    this.lastSeq = null;
    this.epoch = null;
    this.everWelcomed = false;
    this.attempts.set(0);
    this.status.set('idle');
  }

  /** Drops the current connection as if the network had; the usual reconnect follows. */
  reconnectNow(): void {
    if (this.socket) {
      this.socket.close(4000, 'client reconnect');
    } else if (this.running && this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.connect();
    }
  }

  /** The URL of the next handshake: same host as the page, resuming when a position is known. */
  url(): string {
    const location = this.document.location;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const base = `${scheme}//${location.host}/ws`;
    if (this.lastSeq === null || this.epoch === null) {
      return base;
    }
    return `${base}?lastSeq=${this.lastSeq}&epoch=${encodeURIComponent(this.epoch)}`;
  }

  /** The delay before reconnect attempt number `attempt` (0-based). */
  delayFor(attempt: number, random: number = Math.random()): number {
    const full = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(attempt, 20));
    return Math.round(full * (1 - this.backoff.jitter * random));
  }

  private connect(): void {
    this.status.set(this.everWelcomed ? 'reconnecting' : 'connecting');
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => {
      if (this.socket === socket) {
        this.zone.run(() => this.receive(event.data));
      }
    };
    socket.onclose = () => {
      if (this.socket === socket) {
        this.socket = null;
        this.zone.run(() => this.scheduleReconnect());
      }
    };
    socket.onerror = () => {
      // a close event always follows; the reconnect is scheduled there
    };
  }

  private scheduleReconnect(): void {
    this.finishCatchUp();
    if (!this.running) {
      return;
    }
    this.status.set('reconnecting');
    const attempt = this.attempts();
    this.attempts.set(attempt + 1);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running) {
        this.connect();
      }
    }, this.delayFor(attempt));
  }

  private receive(raw: unknown): void {
    let frame: PushFrame;
    try {
      frame = JSON.parse(String(raw)) as PushFrame;
    } catch {
      return;
    }
    if (!frame || typeof frame.type !== 'string') {
      return;
    }
    const data = (frame.data ?? {}) as Record<string, unknown>;
    switch (frame.type) {
      case 'welcome':
        this.onWelcome(frame, data['resumed'] === true);
        return;
      case 'resync':
        this.onResync(frame, String(data['reason'] ?? 'unknown'));
        return;
      case 'pong':
        return;
    }
    if (typeof frame.seq !== 'number') {
      // a private decision: live only, not part of the resumable stream
      this.subject.next({ kind: 'frame', frame, missed: false });
      return;
    }
    if (this.lastSeq !== null && frame.seq <= this.lastSeq) {
      return;
    }
    if (this.lastSeq !== null && frame.seq > this.lastSeq + 1) {
      // frames were lost between two we hold: the view may be wrong, so reload it
      this.lastSeq = frame.seq;
      this.subject.next({ kind: 'resync', reason: 'gap' });
      return;
    }
    this.lastSeq = frame.seq;
    const missed = this.catchingUpSince !== null && occurredBefore(data, this.catchingUpSince);
    if (missed) {
      this.missedCount++;
    }
    this.subject.next({ kind: 'frame', frame, missed });
  }

  private onWelcome(frame: PushFrame, resumed: boolean): void {
    this.epoch = String(frame.data['epoch'] ?? '');
    this.lastSeq = typeof frame.seq === 'number' ? frame.seq : this.lastSeq;
    this.goLive();
    if (this.everWelcomed) {
      this.subject.next({ kind: 'reconnected', resumed });
      if (resumed) {
        this.beginCatchUp();
      }
    }
    this.everWelcomed = true;
  }

  private onResync(frame: PushFrame, reason: string): void {
    this.epoch = String(frame.data['epoch'] ?? '');
    this.lastSeq = typeof frame.seq === 'number' ? frame.seq : null;
    const reconnect = this.status() !== 'live' && this.everWelcomed;
    this.goLive();
    this.everWelcomed = true;
    if (reconnect) {
      this.subject.next({ kind: 'reconnected', resumed: false });
    }
    this.subject.next({ kind: 'resync', reason });
  }

  private goLive(): void {
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    this.attempts.set(0);
    this.status.set('live');
  }

  private beginCatchUp(): void {
    this.catchingUpSince = Date.now();
    this.missedCount = 0;
    this.catchUpTimer = setTimeout(() => this.zone.run(() => this.finishCatchUp()), CATCH_UP_WINDOW_MS);
  }

  private finishCatchUp(): void {
    if (this.catchUpTimer) {
      clearTimeout(this.catchUpTimer);
      this.catchUpTimer = null;
    }
    if (this.catchingUpSince !== null) {
      this.catchingUpSince = null;
      this.subject.next({ kind: 'caught-up', missed: this.missedCount });
    }
  }

  private clearTimers(): void {
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    if (this.catchUpTimer) {
      clearTimeout(this.catchUpTimer);
      this.catchUpTimer = null;
    }
    this.catchingUpSince = null;
  }
}

/** A replayed frame happened before the reconnect; a live one after it. Frames without a time count as replayed. */
function occurredBefore(data: Record<string, unknown>, since: number): boolean {
  const at = typeof data['occurredAt'] === 'string' ? Date.parse(data['occurredAt']) : NaN;
  return Number.isNaN(at) || at <= since;
}
