// node:net on Deno (2.9.6) stops accepting for good, and silently, the first time accept() fails for want
// of file descriptors (EMFILE): no 'error' event, the listener still open, new clients left in the
// kernel's backlog for ever (docs/deno-node-net-emfile.md). From outside, the one sign is a client that
// connected and is never accepted, and the adapter then listens again on the same port. Two ways to see
// that sign, one per kind of listener:
// - a listener of its own (AcceptWatchdog): a server that has accepted nothing for a while connects to
//   itself. A probe that is accepted shows the listener works; one that is neither accepted nor refused
//   within PROBE_WAIT_MS shows it has stopped. A probe that fails (EMFILE on our side: no descriptor is
//   free yet; refused: not listening) shows nothing, and the next one goes out after IDLE_MS.
// - a listener that shares its port with other processes (BacklogWatchdog): a probe may go to any of them,
//   so the kernel's count of the connections waiting in the listener's accept queue is read instead.
// This decides only; the adapter opens the probes or reads the counts, listens again, and tells it what
// happened and when.

/** Nothing accepted for this long: send a probe. */
export const IDLE_MS = 1000;
/** A probe neither accepted nor refused for this long: the listener has stopped. */
export const PROBE_WAIT_MS = 1000;
/** How often the adapter asks what to do. */
export const TICK_MS = 250;
/**
 * A tick this much later than the one before means the event loop was held up, and with it the accept of
 * the probe: the probe (or the connections waiting) get their whole wait again rather than being taken for lost.
 */
const LATE_TICK_MS = 2 * TICK_MS;
/** Connections left waiting in the accept queue this long, with nothing accepted: the listener has stopped. */
export const STALL_MS = 1000;
/** Listening again this many times in a row without a connection accepted in between: give up. */
export const RELISTENS_BEFORE_GIVING_UP = 5;

export type WatchdogAction = 'wait' | 'probe' | 'relisten' | 'give-up';

/** Relistens since the last connection accepted: past RELISTENS_BEFORE_GIVING_UP, listening again does not help. */
class RelistenCount {
  private count = 0;

  reset(): void {
    this.count = 0;
  }

  next(): 'relisten' | 'give-up' {
    this.count++;
    return this.count > RELISTENS_BEFORE_GIVING_UP ? 'give-up' : 'relisten';
  }
}

export class AcceptWatchdog {
  /** When the last connection was accepted, or the last probe ended without showing anything. */
  private quietSince: number;
  /** When the probe in flight went out; null when there is none. */
  private probeSince: number | null = null;
  private lastTick: number;
  private readonly relistens = new RelistenCount();

  constructor(nowMs: number) {
    this.quietSince = nowMs;
    this.lastTick = nowMs;
  }

  /** A connection was accepted, the probe or any other: the listener works. */
  accepted(nowMs: number): void {
    this.quietSince = nowMs;
    this.probeSince = null;
    this.relistens.reset();
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
    return this.relistens.next();
  }
}

/** Where a probe connects to reach a server listening on `host`: a wildcard address is reached on loopback. */
export function probeHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/**
 * A listener that shares its port with other processes (each reuseport worker's own socket in the port's
 * SO_REUSEPORT group, or the one socket node:cluster's workers share) cannot be probed: the kernel gives a
 * probe to any socket of the group, or to any worker, so one this process does not accept shows nothing.
 * The kernel says instead how many connections wait in a listener's accept queue, which the adapter reads
 * (listeningSockets). Connections waiting at every tick for STALL_MS, while this process accepts nothing,
 * mean its listener has stopped. On a shared socket another worker may drain the queue meanwhile: then
 * nobody waits for this one, and it is found out once connections do (when the others cannot keep up).
 */
export class BacklogWatchdog {
  /** Since when connections have waited at every tick, with nothing accepted; null when none wait. */
  private waitingSince: number | null = null;
  /** None before the first tick, which starts any wait anyway. */
  private lastTick = Number.NEGATIVE_INFINITY;
  private readonly relistens = new RelistenCount();

  /** A connection was accepted: the listener works. */
  accepted(): void {
    this.waitingSince = null;
    this.relistens.reset();
  }

  /**
   * Called every TICK_MS with the connections waiting in the accept queue, or null when they could not be
   * counted (no descriptor free to read them, or no /proc): nothing is learned then.
   */
  tick(nowMs: number, waiting: number | null): WatchdogAction {
    const late = nowMs - this.lastTick > LATE_TICK_MS;
    this.lastTick = nowMs;
    if (waiting === null) return 'wait';
    if (waiting === 0) {
      this.waitingSince = null;
      return 'wait';
    }
    // After a loop held up, the accept could not have run either: the wait starts again.
    if (this.waitingSince === null || late) this.waitingSince = nowMs;
    if (nowMs - this.waitingSince < STALL_MS) return 'wait';
    this.waitingSince = null;
    return this.relistens.next();
  }
}

/** A listening TCP socket, as Linux lists it: its port, its inode and the connections in its accept queue. */
export interface ListeningSocket {
  readonly port: number;
  readonly inode: string;
  readonly waiting: number;
}

/** TCP_LISTEN in the st column (include/net/tcp_states.h). */
const LISTEN_STATE = '0A';
/** Columns up to the inode, the last one read. */
const COLUMNS_READ = 10;

/**
 * The listening sockets in the text of /proc/net/tcp or /proc/net/tcp6 (proc_net_tcp(5)): for a socket in
 * state 0A, LISTEN, the rx_queue half of the fifth column is the number of connections in its accept queue
 * (sk_ack_backlog, get_tcp4_sock in net/ipv4/tcp_ipv4.c), and the tenth column is its inode. Only whole
 * lines count (the text may be cut anywhere), and the first line, the header, never does.
 */
export function listeningSockets(text: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of listedLines(text)) {
    if (line.length < COLUMNS_READ || line[3] !== LISTEN_STATE) continue;
    // Every column up to the tenth is there: "address:port", "tx_queue:rx_queue", the inode.
    const local = line[1]!;
    const queues = line[4]!;
    sockets.push({
      port: Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16),
      inode: line[9]!,
      waiting: Number.parseInt(queues.slice(queues.indexOf(':') + 1), 16),
    });
  }
  return sockets;
}

/**
 * Whether a chunk of /proc/net/tcp has reached the sockets that do not listen: the kernel lists every
 * listening socket first (tcp_get_idx: the listening hash, then the established one), so a reader can
 * stop there rather than read a line for each of tens of thousands of connections.
 */
export function pastListeners(text: string): boolean {
  return listedLines(text).some((line) => line[3] !== LISTEN_STATE);
}

/** The columns of each whole line after the header. */
function listedLines(text: string): string[][] {
  return text
    .split('\n')
    .slice(1, -1)
    .map((line) => line.trim().split(/\s+/));
}
