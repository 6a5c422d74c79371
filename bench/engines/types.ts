// What every load engine is asked to do and what it reports: the same fields whichever engine runs.
import type { Latency } from '../model/schema.ts';

/** The one right answer to a scenario's request, as the preflight received it from this server. */
export interface ExpectedResponse {
  readonly status: number;
  /** Bytes of the response head, status line to the blank line included. Date has a fixed length. */
  readonly headBytes: number;
  /** Bytes of the body (decoded, for a chunked body). */
  readonly bodyBytes: number;
  /** How the server ends the body: Content-Length, chunked, or closing the connection. */
  readonly framing: 'length' | 'chunked' | 'close';
  /** A file holding the exact body, for the byte-for-byte comparison of sampled responses. */
  readonly bodyFile: string;
  /** The bundled site's file (or the scenario's rule), or learned from a server with content of its own. */
  readonly source: 'site' | 'learned';
  /**
   * What every answer is held to: its status, lengths and bytes (a sample compared byte for byte), or,
   * where two asks gave different bytes of the same length (a timestamp in the body), status and lengths.
   */
  readonly match: 'bytes' | 'length';
  /** The server closes the connection after this answer (Connection: close, or HTTP/1.0 without keep-alive). */
  readonly closes: boolean;
}

export interface LoadSpec {
  /** http://host:port */
  readonly origin: string;
  readonly path: string;
  readonly connections: number;
  /** Length of the window; not always whole seconds (the warm-up's windows are shorter). */
  readonly durationSec: number;
  /** Send "Connection: close" so every request opens a new TCP connection. */
  readonly closeEachRequest: boolean;
  /** Requests in flight per connection; 1 means no pipelining. */
  readonly pipelining: number;
  /**
   * Open loop: requests per second in total, spread over the connections at fixed intervals whether or
   * not earlier answers came back, each latency counted from when its request was due. null: closed loop.
   */
  readonly rate: number | null;
  /** A request without its complete answer after this long counts as a timeout; its connection is replaced. */
  readonly timeoutMs: number;
  readonly expect: ExpectedResponse;
  /**
   * Keep-alive connections to open before the window, each asked once and then left idle until the end,
   * beside the load (the idle scenario); 0 for none.
   */
  readonly idleConnections: number;
  /** Open loop: where this process's schedule starts, ms into the window (a step per engine process). */
  readonly phaseMs?: number;
}

/** What the engine saw in one window of load. */
export interface LoadOutcome {
  /** Complete responses within the measurement window, whatever their status. */
  readonly requests: number;
  /** Response bytes received within the window, heads included. */
  readonly bytes: number;
  /** Length of the measurement window, seconds. */
  readonly elapsedSec: number;
  /** Complete responses in each second of the window, counted from the window's start. */
  readonly perSecond: readonly number[];
  readonly latencyMs: Latency;
  /** Connection errors: refused connects, resets, a close before a complete response. Timeouts not included. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** Responses with a status, head length or body other than the expected ones. */
  readonly wrongAnswers: number;
  /** CPU seconds the engine process used during the window, when it can tell; null otherwise. */
  readonly clientCpuSeconds: number | null;
  /** The open-loop rate asked for, requests per second; null for a closed-loop run. */
  readonly offeredRate: number | null;
  /** Completed responses in each interval of the window, finer than perSecond; engines that count them. */
  readonly timeline?: { readonly intervalMs: number; readonly counts: readonly number[] };
  /** With idleConnections: how many were opened and answered, and how many of them were still open at the end. */
  readonly idle?: { readonly opened: number; readonly stillOpen: number };
  /**
   * Engines that account for every request of the window (loadgen): sent in it, answered (whenever),
   * answered only after it, and, in an open loop, due in it (sent or not).
   */
  readonly sent?: number;
  readonly answered?: number;
  readonly lateAnswers?: number;
  readonly offered?: number | null;
  /** Open loop: due in the window, never sent because the connection waited on an earlier answer. */
  readonly unsent?: number | null;
  /** Connects that did not complete within the timeout (counted in errors too). */
  readonly connectTimeouts?: number;
  /**
   * Connections the engine opened during the window, where it counts them (loadgen, autocannon): one per
   * request when the server closes after every answer, next to none with keep-alive.
   */
  readonly connectionsOpened?: number;
  /** Every latency of the window's requests, µs, as an HdrHistogram in compressed base64; the merge source. */
  readonly histogram?: string;
  /** Open loop: the engine's own lateness sending requests whose connection was free, p99 and max, ms. */
  readonly engineLatenessMs?: { readonly p99: number; readonly max: number } | null;
}

export interface LoadHooks {
  /** The process generating the load, for CPU sampling; called when the window's load starts. */
  readonly onStart?: (pid: number) => void;
  /** The window itself starts now, its connections open: resources are counted from here. */
  readonly onWindowStart?: () => void;
  /** Live completed responses in the second that just ended (an estimate for wrk). */
  readonly onSecond?: (count: number) => void;
  /** With idleConnections: they are all open and answered; the load starts once this has resolved. */
  readonly onIdle?: () => void | Promise<void>;
}

/** A started engine: one window of load at a time. */
export interface LoadEngine {
  readonly name: string;
  readonly version: string;
  /** Cores the generator can keep busy with this many connections: the yardstick for client-bound. */
  capacityCores(connections: number): number;
  /** Why this engine cannot make this window (one line), or null. */
  cannotMeasure(spec: LoadSpec): string | null;
  load(spec: LoadSpec, hooks: LoadHooks, signal: AbortSignal): Promise<LoadOutcome>;
  close(): Promise<void>;
}

/** A right answer has the expected status and exactly the size of the expected head and body. */
export function isRightAnswer(spec: LoadSpec, status: number, responseBytes: number): boolean {
  return status === spec.expect.status && responseBytes === spec.expect.headBytes + spec.expect.bodyBytes;
}
