// loadgen: the project's own load engine, a process on Bun's socket layer, pinned by the harness to the
// client cores. wrk's design (a state machine per connection, the request prepared once as bytes, nothing
// kept per request but its start time) with every answer checked (status, head and body sizes, and the
// body's bytes for a sample) and, with a rate, wrk2's open loop (latency counted from when a request was
// due). Every request of the window is accounted for: after the window it waits for the outstanding
// answers up to the timeout, and what never came is a timeout with its latency as long as it waited. An
// answer nobody asked for is a wrong answer, whatever read it came in. Commands on stdin, messages on
// stdout: see ../engine-protocol.ts.
import { readFileSync } from 'node:fs';
import type { Socket, SocketHandler } from 'bun';
import * as hdr from 'hdr-histogram-js';
import { engineSays as send, serveEngineCommands } from '../engine-protocol.ts';
import type { LoadOutcome, LoadSpec } from '../types.ts';
import { DIFFERED, ResponseReader } from './response-reader.ts';

/** Besides the first answer on each of the engine's connections, the share of bodies compared byte for byte, at random. */
const SAMPLE_SHARE = 1 / 32;
/** How often timeouts are looked for, and open-loop requests sent when their connection was idle. */
const TICK_MS = 1;
const TIMEOUT_CHECK_MS = 10;
/**
 * A refused connect, or a connection dropped before its answer, is tried again after a pause that doubles
 * with each failure in a row on that connection, from 10 ms up to half a second: a server that drops
 * connections (a full queue) is not kept busy by the engine's reconnects.
 */
const RECONNECT_DELAY_MS = 10;
const RECONNECT_DELAY_MAX_MS = 500;
/** Connects in flight at once while the idle connections open: more would overflow the listen backlog. */
const IDLE_CONNECTS_AT_ONCE = 128;
/** However the server treats them, the load starts after this long with the idle connections it has. */
const IDLE_OPEN_LIMIT_MS = 30_000;
/** Connections must be open this soon after a run starts, or the window starts without them. */
const CONNECT_WAIT_MS = 3000;
const TIMELINE_MS = 100;
/**
 * Open loop: a request sent this late on a connection that was free when it was due is the timer's
 * granularity (a tick or two of TICK_MS), not charged to the server; any later is counted from when it
 * was due, and the engine's lateness goes into a histogram of its own (engine-lagged).
 */
const FORGIVEN_LATENESS_MS = 2 * TICK_MS;

const expectedBodies = new Map<string, Buffer>();
function expectedBody(path: string): Buffer {
  let body = expectedBodies.get(path);
  if (body === undefined) {
    body = readFileSync(path);
    expectedBodies.set(path, body);
  }
  return body;
}

/** Native comparison: Buffer#compare takes ranges, so a sampled body is checked without a copy. */
function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  return (b as Buffer).compare(a, aStart, aStart + length, bStart, bStart + length) === 0;
}

/**
 * What a socket carries: its connection, while it is that connection's socket. A socket given up on (its
 * answer was in, the next connection is already being opened) is no longer live: its events are ignored.
 */
interface SocketData {
  readonly conn: Conn;
  live: boolean;
}

/** One keep-alive (or one-request) connection of the load and what is in flight on it. */
interface Conn {
  readonly index: number;
  socket: Socket<SocketData> | null;
  token: SocketData | null;
  reader: ResponseReader;
  /** Start times (for latency) and send times (for the timeout) of the requests in flight, oldest first. */
  readonly starts: Float64Array;
  readonly sentAt: Float64Array;
  first: number;
  inFlight: number;
  /** Requests written on the current socket (in close mode one is all it takes). */
  sentOnSocket: number;
  /** Answers received on the current socket. */
  answeredOnSocket: number;
  /**
   * A body has been compared on this connection. Its first answer always is; on a server that closes
   * after every answer that means the first socket's, not every socket's (a 1 MiB comparison per request
   * would make the engine the limit).
   */
  compared: boolean;
  /** We closed it (end of run, timeout, the answer said close): its close is no error. */
  closedByUs: boolean;
  /** No more requests on this socket: the server said Connection: close, or one request per connection. */
  retiring: boolean;
  failed: boolean;
  /** The first connect has come to something, opened or failed: the window need not wait for it. */
  settled: boolean;
  /** Failures in a row on this connection since its last answer, for the reconnect pause. */
  failuresInRow: number;
  /** Open loop: when the next request on this connection is due, and when a slot last became free. */
  nextDue: number;
  freeSince: number;
  /** Bytes of a request the kernel did not take yet. */
  unwritten: Uint8Array | null;
  /** When the last byte arrived on this connection: a request times out after a silence, not a duration. */
  lastByteAt: number;
  /** A read is being parsed: the next request waits until all of it is, so a second answer in it is seen. */
  reading: boolean;
  fillAfterRead: boolean;
  /** A connect under way since then; NaN when none. */
  connectingSince: number;
}

class Load {
  private readonly spec: LoadSpec;
  private readonly hostname: string;
  private readonly port: number;
  private readonly request: Uint8Array;
  private readonly expected: Buffer;
  private readonly depth: number;
  private readonly conns: Conn[] = [];
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
  /** Open loop: how late the engine sent requests whose connection was free when they were due, µs. */
  private readonly lateness = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
  private readonly perSecond: number[];
  private readonly timeline: number[];
  /** Open loop: milliseconds between two requests on one connection; 0 for a closed loop. */
  private readonly interval: number;
  private readonly handlers: SocketHandler<SocketData>;
  private windowStart = 0;
  private windowEnd = Number.POSITIVE_INFINITY;
  private running = false;
  /** After the window: no request is sent, the outstanding ones are waited for up to the timeout. */
  private draining = false;
  private finished = false;
  private requests = 0;
  /** Requests sent in the window, and of them, answered (late ones included) and answered after the window. */
  private sent = 0;
  private answeredCount = 0;
  private lateAnswers = 0;
  /**
   * Open loop: requests due in the window that their connection, busy with an earlier answer, never got to
   * send: served short of the rate, with the latency they had waited; not timeouts (they waited less).
   */
  private unsent = 0;
  private connectTimeouts = 0;
  /**
   * Connections opened in the window: about none per request on a keep-alive server, one per request on
   * a server that closes after every answer (each request then paid for a connection).
   */
  private connectionsOpened = 0;
  bytes = 0;
  private errors = 0;
  private timeouts = 0;
  private non2xx = 0;
  private wrongAnswers = 0;
  private reported = 0;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly idleSockets = new Set<Socket<unknown>>();
  private idleOpened = 0;
  private resolveDone: ((outcome: LoadOutcome) => void) | null = null;

  constructor(spec: LoadSpec) {
    this.spec = spec;
    const url = new URL(spec.origin);
    this.hostname = url.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(url.port);
    const one =
      `GET ${spec.path} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: loadgen\r\n` +
      `${spec.closeEachRequest ? 'Connection: close\r\n' : ''}\r\n`;
    this.request = new TextEncoder().encode(one);
    this.expected = expectedBody(spec.expect.bodyFile);
    // One request per connection in close mode: nothing can be pipelined behind it.
    this.depth = spec.closeEachRequest ? 1 : Math.max(1, spec.pipelining);
    this.perSecond = new Array<number>(Math.ceil(spec.durationSec)).fill(0);
    this.timeline = new Array<number>(Math.ceil((spec.durationSec * 1000) / TIMELINE_MS)).fill(0);
    this.interval = spec.rate === null ? 0 : (spec.connections * 1000) / spec.rate;
    const load = this;
    this.handlers = {
      binaryType: 'buffer',
      open(socket) {
        // A connect that completes after the window has closed: nothing more to ask on it.
        if (load.finished) {
          socket.terminate();
          return;
        }
        // A connect given up on (its timeout): the connection has moved on.
        if (!socket.data.live) {
          socket.terminate();
          return;
        }
        const conn = socket.data.conn;
        conn.socket = socket;
        conn.settled = true;
        conn.connectingSince = Number.NaN;
        conn.freeSince = performance.now();
        if (load.running) load.fill(conn);
      },
      data(socket, data) {
        if (!socket.data.live) return;
        const conn = socket.data.conn;
        const now = performance.now();
        conn.lastByteAt = now;
        // Bytes count as they arrive, so a 256 MiB answer still in flight at the end counts for what came.
        if (load.inWindow(now)) load.bytes += data.length;
        conn.reading = true;
        const ok = conn.reader.feed(data);
        conn.reading = false;
        if (!ok) load.protocolError(conn);
        else if (conn.fillAfterRead) {
          conn.fillAfterRead = false;
          // Bytes of an answer nobody asked for, cut by the read: they complete as a wrong answer, not a right one.
          if (conn.inFlight > 0 || conn.reader.atBoundary) load.fill(conn, now);
        }
      },
      drain(socket) {
        const conn = socket.data.conn;
        if (!socket.data.live || conn.unwritten === null) return;
        const rest = conn.unwritten;
        conn.unwritten = null;
        load.write(conn, rest);
      },
      error(socket) {
        if (socket.data.live) socket.data.conn.failed = true;
      },
      close(socket) {
        if (socket.data.live) load.closed(socket.data.conn);
      },
      connectError(socket) {
        if (socket.data.live) load.connectFailed(socket.data.conn);
      },
    };
  }

  /** Opens the connections, then the measurement window; resolves with the outcome when it has ended. */
  async run(waitForGo: () => Promise<void>): Promise<LoadOutcome> {
    if (this.spec.idleConnections > 0) {
      await this.openIdle(this.spec.idleConnections);
      send({ type: 'idle', opened: this.idleOpened });
      await waitForGo();
    }
    for (let i = 0; i < this.spec.connections; i++) this.conns.push(this.newConn(i));
    for (const conn of this.conns) this.connect(conn);
    const deadline = performance.now() + CONNECT_WAIT_MS;
    while (this.conns.some((c) => !c.settled) && performance.now() < deadline) {
      await Bun.sleep(5);
    }
    return new Promise((resolve) => {
      this.resolveDone = resolve;
      this.startWindow();
    });
  }

  private newConn(index: number): Conn {
    const conn: Conn = {
      index,
      socket: null,
      token: null,
      reader: null as unknown as ResponseReader,
      starts: new Float64Array(this.depth),
      sentAt: new Float64Array(this.depth),
      first: 0,
      inFlight: 0,
      sentOnSocket: 0,
      answeredOnSocket: 0,
      compared: false,
      closedByUs: false,
      retiring: false,
      failed: false,
      settled: false,
      failuresInRow: 0,
      nextDue: 0,
      freeSince: 0,
      unwritten: null,
      lastByteAt: 0,
      reading: false,
      fillAfterRead: false,
      connectingSince: Number.NaN,
    };
    conn.reader = this.readerFor(conn);
    return conn;
  }

  private readerFor(conn: Conn): ResponseReader {
    return new ResponseReader(
      this.expected,
      sameBytes,
      (status, headBytes, bodyBytes, _wireBytes, comparison, closes) =>
        this.answered(conn, status, headBytes, bodyBytes, comparison === DIFFERED, closes),
      () => {
        // An answer whose bytes change per request is held to its status and lengths only.
        if (this.spec.expect.match === 'length') return false;
        if (conn.compared) return Math.random() < SAMPLE_SHARE;
        conn.compared = true;
        return true;
      },
    );
  }

  private connect(conn: Conn): void {
    // After the window nothing more is asked: no new connection either.
    if (this.finished || this.draining) return;
    conn.socket = null;
    conn.reader.reset();
    conn.first = 0;
    conn.inFlight = 0;
    conn.sentOnSocket = 0;
    conn.answeredOnSocket = 0;
    conn.closedByUs = false;
    conn.retiring = false;
    conn.failed = false;
    conn.unwritten = null;
    conn.fillAfterRead = false;
    conn.connectingSince = performance.now();
    if (this.running) this.connectionsOpened++;
    conn.token = { conn, live: true };
    Bun.connect({ hostname: this.hostname, port: this.port, data: conn.token, socket: this.handlers }).catch(
      () => {}, // connectError has counted it
    );
  }

  private startWindow(): void {
    const now = performance.now();
    this.windowStart = now;
    this.windowEnd = now + this.spec.durationSec * 1000;
    this.running = true;
    send({ type: 'started' });
    const cpuAtStart = process.cpuUsage();
    // Open loop: the connections' schedules are staggered, so the requests are evenly spread in time; a
    // second engine process beside this one starts its schedule a step later (phaseMs).
    const gap = this.spec.rate === null ? 0 : 1000 / this.spec.rate;
    for (const conn of this.conns) {
      conn.nextDue = now + (this.spec.phaseMs ?? 0) + conn.index * gap;
      if (conn.socket !== null) this.fill(conn);
    }
    if (this.interval > 0) {
      this.timers.push(
        setInterval(() => {
          for (const conn of this.conns) if (conn.socket !== null) this.fill(conn);
        }, TICK_MS),
      );
    }
    this.timers.push(setInterval(() => this.checkTimeouts(), TIMEOUT_CHECK_MS));
    this.timers.push(
      setInterval(() => {
        if (this.reported < this.perSecond.length) {
          send({ type: 'second', count: this.perSecond[this.reported++]! });
        }
      }, 1000),
    );
    setTimeout(() => this.endWindow(cpuAtStart), this.spec.durationSec * 1000);
  }

  /** The window is over: nothing more is sent; the outstanding answers are waited for, up to the timeout. */
  private endWindow(cpuAtStart: NodeJS.CpuUsage): void {
    this.running = false;
    this.draining = true;
    this.cpuAtStart = cpuAtStart;
    this.timers.push(setTimeout(() => this.finish(), this.spec.timeoutMs));
    this.finishIfDrained();
  }

  private cpuAtStart: NodeJS.CpuUsage = { user: 0, system: 0 };

  /** Every request of the window has its answer (or its timeout): nothing left to wait for. */
  finishIfDrained(): void {
    if (this.draining && !this.finished && this.conns.every((c) => c.inFlight === 0)) this.finish();
  }

  /** Sends what may be sent on this connection now: up to the pipelining depth, and in the open loop only what is due. */
  fill(conn: Conn, now = performance.now()): void {
    while (this.running && !conn.retiring && conn.inFlight < this.depth && conn.unwritten === null) {
      // The window's end, before its timer says so: nothing more belongs to it.
      if (now >= this.windowEnd) return;
      if (this.spec.closeEachRequest && conn.sentOnSocket >= 1) return;
      let start = now;
      if (this.interval > 0) {
        const due = conn.nextDue;
        if (due > now) return;
        // Counted from when it was due. Where the connection was free then, the wait was this engine's:
        // its timer's tick is forgiven, anything more is its lateness (a pause, a busy core), recorded.
        if (conn.freeSince <= due) {
          const late = now - due;
          const charged = late <= FORGIVEN_LATENESS_MS ? 0 : late;
          // What the engine's lateness added to this request's latency: nothing within a tick or two.
          this.lateness.recordValue(Math.max(1, Math.round(charged * 1000)));
          start = charged === 0 ? now : due;
        } else start = due;
        conn.nextDue += this.interval;
      }
      const slot = (conn.first + conn.inFlight) % this.depth;
      conn.starts[slot] = start;
      conn.sentAt[slot] = now;
      conn.inFlight++;
      conn.sentOnSocket++;
      this.sent++;
      this.write(conn, this.request);
    }
  }

  write(conn: Conn, bytes: Uint8Array): void {
    const socket = conn.socket;
    if (socket === null) return;
    const n = socket.write(bytes);
    if (n < bytes.length) conn.unwritten = bytes.subarray(Math.max(0, n));
  }

  private answered(
    conn: Conn,
    status: number,
    headBytes: number,
    bodyBytes: number,
    differs: boolean,
    closes: boolean,
  ): void {
    // The clock read when its last bytes arrived: the same instant that decided whether those bytes were in
    // the window, so an answer and its bytes are counted on the same side of the window's end.
    const now = conn.lastByteAt;
    conn.answeredOnSocket++;
    if (conn.inFlight === 0) {
      // An answer nobody asked for, in the window or after it: wrong, and the connection cannot be trusted
      // to line up any more.
      if (this.running || this.draining) this.wrongAnswers++;
      this.retire(conn);
      return;
    }
    const start = conn.starts[conn.first]!;
    conn.failuresInRow = 0;
    conn.first = (conn.first + 1) % this.depth;
    conn.inFlight--;
    conn.freeSince = now;
    if (this.running || this.draining) {
      // Every answer to a request of the window: its latency whenever it came, its count in the window.
      this.answeredCount++;
      this.histogram.recordValue(Math.max(1, Math.round((now - start) * 1000)));
      if (status < 200 || status > 299) this.non2xx++;
      const expect = this.spec.expect;
      if (
        status !== expect.status ||
        headBytes !== expect.headBytes ||
        bodyBytes !== expect.bodyBytes ||
        differs
      ) {
        this.wrongAnswers++;
      }
      if (this.inWindow(now)) {
        const at = now - this.windowStart;
        this.perSecond[Math.floor(at / 1000)]! += 1;
        this.timeline[Math.floor(at / TIMELINE_MS)]! += 1;
        this.requests++;
      } else this.lateAnswers++;
    }
    if (closes || conn.retiring || this.spec.closeEachRequest) this.retire(conn);
    // Not before the whole read is parsed: a second answer in it must find nothing in flight. The clock
    // read for this answer serves the next request's send time too: one read per response.
    else if (conn.reading) conn.fillAfterRead = true;
    else this.fill(conn, now);
    if (this.draining) this.finishIfDrained();
  }

  inWindow(now: number): boolean {
    return this.running && now < this.windowEnd;
  }

  /**
   * No more requests on this socket; once nothing is in flight, close it and open the next at once, as wrk
   * does, without waiting for the close to complete.
   */
  private retire(conn: Conn): void {
    conn.retiring = true;
    const socket = conn.socket;
    if (conn.inFlight === 0 && socket !== null && conn.reader.atBoundary) {
      conn.token!.live = false;
      conn.socket = null;
      socket.end();
      this.connect(conn);
    }
  }

  protocolError(conn: Conn): void {
    if (this.running || this.draining) this.wrongAnswers++;
    conn.closedByUs = true;
    conn.failed = true;
    conn.socket?.terminate();
  }

  closed(conn: Conn): void {
    conn.socket = null;
    // An answer that ends with the connection is complete only now.
    const whole = conn.reader.end();
    if (this.finished) return;
    // What was in flight on it will not be answered: timeouts if we cut it, errors if the server did.
    const lost = conn.inFlight;
    conn.inFlight = 0;
    if (this.draining) {
      if (!conn.closedByUs && lost > 0) this.errors++;
      this.finishIfDrained();
      return;
    }
    if (!conn.closedByUs && (conn.failed || lost > 0 || !whole)) {
      // A server that drops connections (a full queue, a crash loop) is not hammered in a tight loop.
      this.errors++;
      this.reconnectLater(conn);
      return;
    }
    // Cut by us after bytes that were not a response: a server that sends only those waits its turn too.
    if (conn.failed) this.reconnectLater(conn);
    else this.connect(conn);
  }

  connectFailed(conn: Conn): void {
    if (this.finished) return;
    this.errors++;
    conn.failed = true;
    conn.settled = true;
    this.reconnectLater(conn);
  }

  private reconnectLater(conn: Conn): void {
    const delay = Math.min(RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MS * 2 ** conn.failuresInRow);
    conn.failuresInRow++;
    setTimeout(() => this.connect(conn), delay);
  }

  /**
   * A request whose answer has not started, or has stopped arriving, for the timeout is a timeout, its
   * latency as long as it waited; its connection is replaced. A silence, not a total: a 256 MiB answer
   * takes longer than a timeout to arrive. A connect that has not completed by then is given up too.
   */
  private checkTimeouts(): void {
    const now = performance.now();
    for (const conn of this.conns) {
      if (conn.socket === null) {
        if (!Number.isNaN(conn.connectingSince) && now - conn.connectingSince > this.spec.timeoutMs) {
          // Its late open or failure finds the token dead and is ignored.
          conn.token!.live = false;
          conn.connectingSince = Number.NaN;
          conn.settled = true;
          if (this.running || this.draining) {
            this.connectTimeouts++;
            this.errors++;
          }
          if (!this.finished && !this.draining) this.reconnectLater(conn);
        }
        continue;
      }
      if (conn.inFlight === 0) continue;
      const since = Math.max(conn.sentAt[conn.first]!, conn.lastByteAt);
      if (now - since <= this.spec.timeoutMs) continue;
      this.timeOut(conn, now);
      conn.closedByUs = true;
      conn.socket.terminate();
    }
  }

  /** Every request in flight on the connection is a timeout, with the latency it waited. */
  private timeOut(conn: Conn, now: number): void {
    if (conn.inFlight === 0) return;
    for (let i = 0; i < conn.inFlight; i++) {
      const start = conn.starts[(conn.first + i) % this.depth]!;
      this.histogram.recordValue(Math.max(1, Math.round((now - start) * 1000)));
      this.timeouts++;
    }
    conn.inFlight = 0;
    // It waited on the server until now: what fell due meanwhile is the server's, not the engine's timer.
    conn.freeSince = now;
  }

  private finish(): void {
    this.running = false;
    this.draining = false;
    this.finished = true;
    const now = performance.now();
    const cpu = process.cpuUsage(this.cpuAtStart);
    for (const timer of this.timers) clearInterval(timer);
    // Still unanswered once the wait is over: timeouts, as long as they waited. Open loop: requests due in
    // the window that their connection, busy with an earlier answer then, never sent, from when due; one
    // due while its connection was free was this engine's timer at the window's end, not the server.
    for (const conn of this.conns) {
      // Busy until now if something is still in flight, else until it last became free.
      const freeAt = conn.inFlight > 0 ? Number.POSITIVE_INFINITY : conn.freeSince;
      this.timeOut(conn, now);
      if (this.interval > 0) {
        for (let due = conn.nextDue; due < this.windowEnd; due += this.interval) {
          if (due >= freeAt) continue;
          this.histogram.recordValue(Math.max(1, Math.round((now - due) * 1000)));
          this.unsent++;
        }
      }
    }
    // The last second's live count, then nothing is counted any more.
    while (this.reported < this.perSecond.length)
      send({ type: 'second', count: this.perSecond[this.reported++]! });
    // The server's closes have taken theirs out of the set.
    const stillOpen = this.idleSockets.size;
    for (const conn of this.conns) {
      conn.closedByUs = true;
      conn.socket?.terminate();
    }
    for (const socket of this.idleSockets) socket.terminate();
    const h = this.histogram;
    const ms = (p: number) => h.getValueAtPercentile(p) / 1000;
    const late = this.lateness;
    const outcome: LoadOutcome = {
      requests: this.requests,
      sent: this.sent,
      answered: this.answeredCount,
      lateAnswers: this.lateAnswers,
      offered: this.spec.rate === null ? null : this.sent + this.unsent,
      unsent: this.spec.rate === null ? null : this.unsent,
      connectTimeouts: this.connectTimeouts,
      connectionsOpened: this.connectionsOpened,
      histogram: hdr.encodeIntoCompressedBase64(h),
      engineLatenessMs:
        this.spec.rate === null || late.totalCount === 0
          ? null
          : { p99: late.getValueAtPercentile(99) / 1000, max: late.maxValue / 1000 },
      bytes: this.bytes,
      elapsedSec: this.spec.durationSec,
      perSecond: this.perSecond,
      latencyMs:
        h.totalCount === 0
          ? { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 }
          : { p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9), max: h.maxValue / 1000 },
      errors: this.errors,
      timeouts: this.timeouts,
      non2xx: this.non2xx,
      wrongAnswers: this.wrongAnswers,
      clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
      offeredRate: this.spec.rate,
      timeline: { intervalMs: TIMELINE_MS, counts: this.timeline },
      ...(this.spec.idleConnections > 0 ? { idle: { opened: this.idleOpened, stillOpen } } : {}),
    };
    h.destroy();
    late.destroy();
    this.resolveDone?.(outcome);
  }

  /** The idle scenario: connections asked once and then left alone, opened a batch at a time. */
  private async openIdle(count: number): Promise<void> {
    const request = new TextEncoder().encode(
      `GET ${this.spec.path} HTTP/1.1\r\nHost: ${new URL(this.spec.origin).host}\r\nUser-Agent: loadgen\r\n\r\n`,
    );
    let started = 0;
    let settled = 0;
    await new Promise<void>((resolve) => {
      // A server that never answers them must not hold the run for ever.
      const limit = setTimeout(resolve, IDLE_OPEN_LIMIT_MS);
      const settle = () => {
        settled++;
        if (started < count) openOne();
        else if (settled === count) {
          clearTimeout(limit);
          resolve();
        }
      };
      const openOne = () => {
        started++;
        let answered = false;
        const reader = new ResponseReader(
          this.expected,
          sameBytes,
          () => {
            if (answered) return;
            answered = true;
            this.idleOpened++;
            settle();
          },
          () => false,
        );
        Bun.connect({
          hostname: this.hostname,
          port: this.port,
          socket: {
            binaryType: 'buffer',
            open: (socket) => {
              this.idleSockets.add(socket);
              socket.write(request);
            },
            data: (_socket, data) => void reader.feed(data),
            close: (socket) => {
              this.idleSockets.delete(socket);
              if (!answered) {
                answered = true;
                settle();
              }
            },
            connectError: () => settle(),
          },
        }).catch(() => {});
      };
      for (let i = 0; i < Math.min(IDLE_CONNECTS_AT_ONCE, count); i++) openOne();
    });
  }
}

serveEngineCommands(`bun ${Bun.version}`, (spec, waitForGo) => new Load(spec).run(waitForGo));
