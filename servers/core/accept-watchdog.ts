// node:net on Deno (2.9.6) stops accepting for good, and silently, the first time accept() fails for want
// of file descriptors (EMFILE): no 'error' event, the listener still open, new clients left in the
// kernel's backlog for ever (docs/deno-node-net-emfile.md). From outside, the one sign is a client that
// connected and is never accepted. So a server that has accepted nothing for a while connects to itself:
// a probe that is accepted shows the listener works; one that is neither accepted nor refused within
// PROBE_WAIT_MS shows it has stopped, and the adapter listens again on the same port. A probe that fails
// (EMFILE on our side: no descriptor is free yet; refused: not listening) shows nothing, and the next one
// goes out after IDLE_MS. This decides only; the adapter opens the probes, listens again, and tells it
// what happened and when.

/** Nothing accepted for this long: send a probe. */
export const IDLE_MS = 1000;
/** A probe neither accepted nor refused for this long: the listener has stopped. */
export const PROBE_WAIT_MS = 1000;
/** How often the adapter asks what to do. */
export const TICK_MS = 250;
/**
 * A tick this much later than the one before means the event loop was held up, and with it the accept of
 * the probe: the probe gets its whole wait again rather than being taken for lost.
 */
const LATE_TICK_MS = 2 * TICK_MS;
/** Listening again this many times in a row without a connection accepted in between: give up. */
export const RELISTENS_BEFORE_GIVING_UP = 5;

export type WatchdogAction = 'wait' | 'probe' | 'relisten' | 'give-up';

export class AcceptWatchdog {
  /** When the last connection was accepted, or the last probe ended without showing anything. */
  private quietSince: number;
  /** When the probe in flight went out; null when there is none. */
  private probeSince: number | null = null;
  private lastTick: number;
  private relistens = 0;

  constructor(nowMs: number) {
    this.quietSince = nowMs;
    this.lastTick = nowMs;
  }

  /** A connection was accepted, the probe or any other: the listener works. */
  accepted(nowMs: number): void {
    this.quietSince = nowMs;
    this.probeSince = null;
    this.relistens = 0;
  }

  /** The probe could not connect (no descriptor free, or not listening): nothing learned, try later. */
  probeFailed(nowMs: number): void {
    this.quietSince = nowMs;
    this.probeSince = null;
  }

  /** Called every TICK_MS: what the adapter does now. */
  tick(nowMs: number): WatchdogAction {
    const late = nowMs - this.lastTick > LATE_TICK_MS;
    this.lastTick = nowMs;
    if (this.probeSince === null) {
      if (nowMs - this.quietSince < IDLE_MS) return 'wait';
      this.probeSince = nowMs;
      return 'probe';
    }
    if (late) this.probeSince = nowMs;
    if (nowMs - this.probeSince < PROBE_WAIT_MS) return 'wait';
    this.probeSince = null;
    this.quietSince = nowMs;
    this.relistens++;
    return this.relistens > RELISTENS_BEFORE_GIVING_UP ? 'give-up' : 'relisten';
  }
}

/** Where a probe connects to reach a server listening on `host`: a wildcard address is reached on loopback. */
export function probeHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}
