// One HTTP/1.1 connection as a state machine on bytes: the transports (node:net, worker threads,
// Bun.listen, Deno.listen) only feed it what they read and write out what it gives them. Parsing,
// body framing, keep-alive, pipelining order, timeouts and error answers all live here, once.
import { type Answer, bodyLength, errorAnswer, type Site } from './answer.ts';
import { ChunkedDecoder } from './chunked.ts';
import { type FileBody, FileChanged, FileReader } from './file-body.ts';
import { parseRequestHead } from './parser.ts';
import type { RequestHead } from './request.ts';
import { CLOSE, type ConnectionMode, KEEP_ALIVE_10, KEEP_ALIVE_11, serialize } from './wire.ts';

/** Past this many unsent bytes on a connection, no further response is built until the peer reads. */
export const HIGH_WATER_BYTES = 1024 * 1024;
/** After we close our side, how long the peer gets to close its own before the socket is destroyed. */
export const LINGER_MS = 2000;
/** While the server shuts down, ended sockets get this long instead, so the process exits within 2 s. */
const SHUTDOWN_LINGER_MS = 300;

export interface Transport {
  /**
   * Queues bytes for the peer. The buffer may be shared with other responses: do not modify it.
   * Returns false once more than HIGH_WATER_BYTES are queued (a peer that does not read); the transport
   * then calls HttpConnection.onDrain when it has room again, and no further response is built until then.
   */
  write(bytes: Uint8Array): boolean;
  /**
   * Sends what is queued and `last` if given (one call, so a runtime can send it with the FIN), then
   * closes our side. Input that still arrives must be read and dropped (closing with unread input makes
   * the kernel send RST, which can destroy the response before the peer reads it).
   */
  end(last?: Uint8Array): void;
  /** Closes the socket at once: the peer did not close within the linger time. */
  destroy(): void;
  /**
   * How many of the last bytes given to write are still held: neither in the kernel nor copied yet. The
   * buffers holding them must not be reused until then. (Every transport sends in order, so what it
   * holds is always the tail of what it was given.)
   */
  heldBytes(): number;
}

export interface ConnectionConfig {
  readonly site: Site;
  readonly idleTimeoutMs: number;
  readonly headerTimeoutMs: number;
  /** Answer one request and close: the sequential server. */
  readonly singleRequest: boolean;
  /** Receives one access-log line per response, or null for no log. */
  readonly log: ((line: string) => void) | null;
}

/** The connection settings every core-based server derives from its flags. */
export function connectionConfig(
  site: Site,
  timeouts: { readonly idleTimeoutMs: number; readonly headerTimeoutMs: number },
  log: ((line: string) => void) | null,
  singleRequest = false,
): ConnectionConfig {
  return {
    site,
    idleTimeoutMs: timeouts.idleTimeoutMs,
    headerTimeoutMs: timeouts.headerTimeoutMs,
    singleRequest,
    log,
  };
}

export class HttpConnection {
  private readonly config: ConnectionConfig;
  private readonly transport: Transport;
  /** The set this connection belongs to, which sweeps its deadlines and waits for it at shutdown. */
  private readonly owner: Connections;
  /** The peer's address, asked for only when a log line needs it (it costs a system call). */
  private readonly remote: () => string;
  /** Unprocessed input is buf[start, end). */
  private buf: Uint8Array | null = null;
  private start = 0;
  private end = 0;
  private bodyRemaining = 0;
  private chunked: ChunkedDecoder | null = null;
  /** A request whose body is still being read; it is answered once the body has ended. */
  private bodied: RequestHead | null = null;
  /** An answer is being looked up on disk; later requests wait so responses stay in order. */
  private waiting = false;
  /** A file body being sent from disk; later requests wait for it too. */
  private reader: FileReader | null = null;
  /** How the connection goes on once the file body is sent: closed, or open for the next request. */
  private readerMode: ConnectionMode = KEEP_ALIVE_11;
  /** The transport's queue is full: pipelined requests wait until the peer reads what it was sent. */
  private blocked = false;
  private shuttingDown = false;
  /** When the first byte of the request head now being read arrived; 0 when none is in progress. */
  private headStartedAt = 0;
  /** Closed by the peer (half-close): answer what is buffered, then close. */
  private peerEnded = false;
  /** Our side is closed (or the socket is gone): nothing more is read or sent. */
  private ended = false;
  /** Once ended: when to destroy the socket if the peer has not closed it by then. */
  private lingerUntil = 0;
  /** The connection times out at this moment (ms since epoch). */
  private deadline: number;

  /** Use Connections.open(), which tracks the connection. */
  constructor(
    config: ConnectionConfig,
    transport: Transport,
    remote: () => string,
    owner: Connections,
    now: number = Date.now(),
  ) {
    this.config = config;
    this.transport = transport;
    this.remote = remote;
    this.owner = owner;
    // The first request must arrive within the header timeout: a client that connects and says
    // nothing must not hold a connection (or, for the sequential server, the whole server).
    this.deadline = now + config.headerTimeoutMs;
  }

  /**
   * Bytes from the peer. With `borrowed`, the caller will reuse the buffer once this returns, and the
   * connection copies whatever it must keep (a partial request, usually nothing); without it, the
   * connection may keep a reference.
   */
  onData(chunk: Uint8Array, borrowed = false): void {
    if (this.ended || chunk.length === 0) return;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: with nothing left over, joining gives the chunk's bytes too; this only saves the copy
    if (this.buf === null || this.start === this.end) {
      this.buf = chunk;
      this.start = 0;
      this.end = chunk.length;
    } else {
      const left = this.end - this.start;
      const joined = new Uint8Array(left + chunk.length);
      joined.set(this.buf.subarray(this.start, this.end), 0);
      joined.set(chunk, left);
      this.buf = joined;
      this.start = 0;
      this.end = joined.length;
    }
    this.process();
    if (borrowed && this.buf === chunk) {
      this.buf = new Uint8Array(chunk.subarray(this.start, this.end)); // a copy, even of a Node Buffer
      this.start = 0;
      this.end = this.buf.length;
    }
  }

  /** The transport has room again: answer the requests that waited for it. */
  onDrain(): void {
    if (!this.blocked || this.ended) return;
    this.blocked = false;
    if (this.reader !== null) void this.pump();
    else this.process();
  }

  /** Looking something up or sending a file: the requests behind wait, and nothing times out meanwhile. */
  private get busy(): boolean {
    return this.waiting || this.reader !== null;
  }

  /** The peer closed its side: requests already received are still answered. */
  onEnd(): void {
    this.peerEnded = true;
    if (!this.busy) this.close();
  }

  /** Stop after the response in progress (or now, when none is): the server is shutting down. */
  shutdown(): void {
    this.shuttingDown = true;
    if (!this.busy && this.headStartedAt === 0 && this.bodyRemaining === 0 && this.chunked === null) {
      this.close();
    }
  }

  /**
   * The socket is gone: the peer closed or reset it after our end, or it failed. The transport calls
   * this from its close event (again after the linger destroyed it, which is harmless): nothing more is
   * sent and the owner forgets the connection.
   */
  onClosed(): void {
    this.ended = true;
    this.buf = null;
    this.owner.forget(this);
  }

  /** Our side is closed (or the socket is gone): the connection reads and sends nothing more. */
  get closed(): boolean {
    return this.ended;
  }

  /** Called by the owner's sweep: times out a stalled or idle connection, destroys one that lingered too long. */
  tick(now: number, stopping: boolean): void {
    if (this.ended) {
      const limit = stopping ? Math.min(this.lingerUntil, now + SHUTDOWN_LINGER_MS) : this.lingerUntil;
      if (now < limit) {
        this.lingerUntil = limit; // while stopping, the nearer deadline is kept
        return;
      }
      this.transport.destroy();
      this.onClosed();
      return;
    }
    if (this.waiting || now < this.deadline) return;
    if (this.reader !== null) {
      // Sending a file to a client that has not read any of it for a whole idle timeout.
      if (this.blocked) this.abort('the client stopped reading the file sent to it');
      return;
    }
    if (this.headStartedAt !== 0) {
      this.sendError(408); // RFC 9110 §15.5.9: the server would rather close than keep waiting
    } else {
      this.close();
    }
  }

  /** Ends our side once; asked again (a half-close or a shutdown after the end), it does nothing. */
  private close(last?: Uint8Array): void {
    if (this.ended) return;
    this.ended = true;
    this.buf = null;
    this.lingerUntil = Date.now() + LINGER_MS;
    this.transport.end(last);
  }

  private process(): void {
    const now = Date.now();
    while (!this.ended && !this.busy && !this.blocked && this.start < this.end) {
      const buf = this.buf!;
      if (this.bodyRemaining > 0) {
        const n = Math.min(this.bodyRemaining, this.end - this.start);
        this.start += n;
        this.bodyRemaining -= n;
        if (this.bodyRemaining === 0) this.respondToBodied(now);
        continue;
      }
      if (this.chunked !== null) {
        const r = this.chunked.feed(buf, this.start, this.end);
        if (r.kind === 'error') {
          this.sendError(r.status);
          return;
        }
        this.start += r.consumed;
        if (r.kind === 'done') {
          this.chunked = null;
          this.respondToBodied(now);
        }
        continue;
      }
      const r = parseRequestHead(buf, this.start, this.end);
      if (r.kind === 'incomplete') {
        if (this.headStartedAt === 0) {
          this.headStartedAt = now;
          this.deadline = now + this.config.headerTimeoutMs;
        }
        break;
      }
      if (r.kind === 'error') {
        this.sendError(r.status);
        return;
      }
      this.start += r.consumed;
      this.headStartedAt = 0;
      const head = r.head;
      if (head.body.kind === 'none') {
        this.respond(head, now);
        continue;
      }
      // The body is read (and dropped) before the answer, as the lesson reads the whole request first:
      // a body whose framing turns out to be broken is answered 400, not with the file.
      this.bodied = head;
      if (head.body.kind === 'length') this.bodyRemaining = head.body.length;
      else this.chunked = new ChunkedDecoder();
      // The whole body gets one header timeout, not one idle timeout per chunk: a client trickling a
      // body must not hold the connection (or the sequential server) for ever.
      this.deadline = now + this.config.headerTimeoutMs;
    }
    // Stryker disable next-line ConditionalExpression: once ended, what follows changes only what an ended connection never reads again
    if (this.ended) return;
    // Stryker disable next-line ConditionalExpression: lets go of the bytes consumed; an empty buf is replaced or joined the same
    if (this.start === this.end) this.buf = null;
    if (this.busy) return;
    if (this.peerEnded) {
      this.close(); // every complete request is answered; nothing more can come
      return;
    }
    if (this.headStartedAt === 0 && this.bodied === null) {
      this.deadline = now + this.config.idleTimeoutMs;
      if (this.shuttingDown) this.shutdown();
    }
  }

  private respondToBodied(now: number): void {
    const head = this.bodied!;
    this.bodied = null;
    this.respond(head, now);
  }

  private respond(head: RequestHead, now: number): void {
    const keepAlive = head.keepAlive && !this.config.singleRequest && !this.shuttingDown && !this.peerEnded;
    const mode: ConnectionMode = !keepAlive ? CLOSE : head.minorVersion === 1 ? KEEP_ALIVE_11 : KEEP_ALIVE_10;
    let answer: Answer | Promise<Answer>;
    try {
      answer = this.config.site.answer(head);
    } catch {
      answer = errorAnswer(500);
    }
    if (answer instanceof Promise) {
      this.waiting = true;
      answer.then(
        (a) => this.resume(head, a, mode),
        () => this.resume(head, errorAnswer(500), mode),
      );
      return;
    }
    this.send(head, answer, mode, now);
  }

  private resume(head: RequestHead, answer: Answer, mode: ConnectionMode): void {
    this.waiting = false;
    if (this.ended) return;
    this.send(head, answer, mode, Date.now());
    this.process();
  }

  private send(head: RequestHead | null, answer: Answer, mode: ConnectionMode, now: number): void {
    const parts = serialize(answer, mode, now);
    if (this.config.log !== null) this.logLine(head, answer);
    const body = answer.body;
    if (body !== null && !(body instanceof Uint8Array)) {
      this.sendFile(parts[0], body, mode, now);
      return;
    }
    if (mode === CLOSE) {
      if (parts.length === 2) this.transport.write(parts[0]);
      this.close(parts[parts.length - 1]);
      return;
    }
    let room = this.transport.write(parts[0]);
    if (parts.length === 2) room = this.transport.write(parts[1]);
    if (!room) this.blocked = true;
  }

  /** The head now, then the file a piece at a time, each read only once the transport has room for it. */
  private sendFile(head: Uint8Array, body: FileBody, mode: ConnectionMode, now: number): void {
    this.reader = new FileReader(this.config.site.fileSystem, body);
    this.readerMode = mode;
    this.deadline = now + this.config.idleTimeoutMs;
    if (!this.transport.write(head)) this.blocked = true;
    else void this.pump();
  }

  private async pump(): Promise<void> {
    const reader = this.reader!;
    try {
      while (!this.ended && !this.blocked) {
        const piece = await reader.next(this.transport.heldBytes());
        if (this.ended) break;
        if (piece === null) {
          await reader.close();
          this.reader = null;
          if (this.readerMode === CLOSE) this.close();
          else this.process();
          return;
        }
        this.deadline = Date.now() + this.config.idleTimeoutMs; // progress: the client is reading
        if (!this.transport.write(piece)) this.blocked = true;
      }
    } catch (e) {
      this.abort(e instanceof FileChanged ? e.message : `reading the file failed: ${String(e)}`);
    }
    if (this.ended) {
      this.reader = null;
      await reader.close();
    }
  }

  /**
   * Stops a file body half-way: the head promised a length and a version that can no longer be kept, so
   * the connection is cut rather than ended as if the answer were complete.
   */
  private abort(reason: string): void {
    if (this.ended) return;
    console.error(`${this.remote()} answer cut short: ${reason}`);
    this.transport.destroy();
    this.onClosed();
  }

  private sendError(status: number): void {
    this.send(null, errorAnswer(status), CLOSE, Date.now());
  }

  private logLine(head: RequestHead | null, answer: Answer): void {
    const request = head === null ? '-' : `"${head.method} ${head.target} HTTP/1.${head.minorVersion}"`;
    this.config.log!(`${this.remote()} ${request} ${answer.status} ${bodyLength(answer)}`);
  }
}

/**
 * How often the deadlines are checked: four times per shortest timeout, so none is overrun by more than a
 * quarter of it, but not more often than every 10 ms nor less often than every second.
 */
export function sweepPeriodMs(timeouts: Pick<ConnectionConfig, 'idleTimeoutMs' | 'headerTimeoutMs'>): number {
  const shortest = Math.min(timeouts.idleTimeoutMs, timeouts.headerTimeoutMs);
  return Math.max(10, Math.min(1000, Math.floor(shortest / 4)));
}

/**
 * The open connections of a server: opens them, checks every deadline a few times per shortest timeout
 * (one timer for all instead of one per connection), and waits for them at shutdown.
 */
export class Connections {
  private readonly config: ConnectionConfig;
  private readonly live = new Set<HttpConnection>();
  private readonly timer: ReturnType<typeof setInterval>;
  private stopping = false;
  private readonly drained: () => void;
  private readonly done: Promise<void>;

  constructor(config: ConnectionConfig) {
    this.config = config;
    this.timer = setInterval(() => this.sweep(), sweepPeriodMs(config));
    let drained = (): void => {};
    this.done = new Promise((resolve) => {
      drained = resolve;
    });
    this.drained = drained;
  }

  /** A connection for a new socket; the transport feeds it bytes and reports the socket's close. */
  open(transport: Transport, remote: () => string): HttpConnection {
    const conn = new HttpConnection(this.config, transport, remote, this);
    this.live.add(conn);
    if (this.stopping) conn.shutdown();
    return conn;
  }

  /** Connections whose sockets are still open. */
  get size(): number {
    return this.live.size;
  }

  /** Called by HttpConnection.onClosed. */
  forget(conn: HttpConnection): void {
    this.live.delete(conn);
    if (this.stopping && this.live.size === 0) this.finish();
  }

  /**
   * Every connection finishes the response in progress and closes; resolves once every socket is gone.
   * Ended sockets whose peers do not close are destroyed after a short grace rather than the full linger.
   */
  shutdown(): Promise<void> {
    // Asked again, it asks the connections again, which changes nothing for any of them.
    this.stopping = true;
    for (const conn of [...this.live]) conn.shutdown();
    if (this.live.size === 0) this.finish();
    return this.done;
  }

  private sweep(): void {
    const now = Date.now();
    for (const conn of [...this.live]) conn.tick(now, this.stopping);
  }

  private finish(): void {
    clearInterval(this.timer);
    this.drained();
  }
}
