// The scenarios as data: what each one requests, with how many connections, and what a right answer is.
import { SCENARIO_IDS, type ScenarioId } from '../results/schema.ts';

export interface Scenario {
  readonly id: ScenarioId;
  /** One line for --help and the plan. */
  readonly summary: string;
  /** Request path, URL-encoded. */
  readonly path: string;
  /** File under the site root whose bytes are the right body; null when the body does not matter (404). */
  readonly file: string | null;
  readonly expectStatus: number;
  /** Connections of the load generator; the sweep replaces it with each of SWEEP_CONNECTIONS. */
  readonly connections: number;
  /** Send "Connection: close": a new TCP connection per request. */
  readonly closeEachRequest: boolean;
  /** Slow clients that trickle their request heads beside the load (stalled, slowloris). */
  readonly slowClients: number;
  /** Extra bytes in each slow head: enough makes it take longer than the servers' header timeout. */
  readonly slowHeadPadding: number;
  /** Keep-alive connections opened before the load, each answered once and then left idle (idle). */
  readonly idleConnections: number;
  /**
   * Open loop (latency): one measurement per share of the target's own closed-loop small throughput from
   * the same run, each at that fixed rate with its latency counted from when each request was due.
   */
  readonly rateShares: readonly number[];
}

export const SWEEP_CONNECTIONS: readonly number[] = [1, 8, 64, 256];

/** One byte every this many milliseconds: a 36-byte head takes about 7 s, inside the servers' 10 s header timeout. */
export const SLOW_CLIENT_BYTE_INTERVAL_MS = 200;

/** A path no site has; the missing scenario expects 404 for it. */
export const MISSING_PATH = '/no-such-page-7d3f.html';

/** The huge scenario's file: generated into the run's own copy of the site, never committed, removed after. */
export const HUGE_FILE = 'huge-256mib.bin';
export const HUGE_BYTES = 256 * 1024 * 1024;

/** Shares of each target's small throughput the latency scenario offers, lowest first. */
export const LATENCY_SHARES: readonly number[] = [0.25, 0.5, 0.75, 0.9];

const small: Scenario = {
  id: 'small',
  summary: 'GET / (index.html) with keep-alive, 50 connections',
  path: '/',
  file: 'index.html',
  expectStatus: 200,
  connections: 50,
  closeEachRequest: false,
  slowClients: 0,
  slowHeadPadding: 0,
  idleConnections: 0,
  rateShares: [],
};

export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  small,
  close: {
    ...small,
    id: 'close',
    summary: 'GET / with Connection: close, a new TCP connection per request; TIME_WAIT counted after',
    closeEachRequest: true,
  },
  large: {
    id: 'large',
    summary: 'the 1 MiB file, 16 connections: bytes/s',
    path: '/assets/1mib.bin',
    file: 'assets/1mib.bin',
    expectStatus: 200,
    connections: 16,
    closeEachRequest: false,
    slowClients: 0,
    slowHeadPadding: 0,
    idleConnections: 0,
    rateShares: [],
  },
  huge: {
    id: 'huge',
    summary: `a ${HUGE_BYTES / 1024 / 1024} MiB file generated for the run, 8 connections: bytes/s and peak RSS`,
    path: `/${HUGE_FILE}`,
    file: HUGE_FILE,
    expectStatus: 200,
    connections: 8,
    closeEachRequest: false,
    slowClients: 0,
    slowHeadPadding: 0,
    idleConnections: 0,
    rateShares: [],
  },
  missing: {
    ...small,
    id: 'missing',
    summary: 'a path that does not exist: 404 is the right answer',
    path: MISSING_PATH,
    file: null,
    expectStatus: 404,
  },
  sweep: {
    ...small,
    id: 'sweep',
    summary: `small at ${SWEEP_CONNECTIONS.join(', ')} connections: where each model saturates`,
  },
  stalled: {
    ...small,
    id: 'stalled',
    summary: 'small while 4 clients send their request heads one byte at a time',
    slowClients: 4,
  },
  slowloris: {
    ...small,
    id: 'slowloris',
    summary:
      'small while 1,000 clients send their request heads one byte every 200 ms, each cut off by the header timeout',
    slowClients: 1000,
    // About 90 bytes at 200 ms each: 18 s, well past the servers' 10 s header timeout.
    slowHeadPadding: 40,
  },
  idle: {
    ...small,
    id: 'idle',
    summary: 'small beside 10,000 idle keep-alive connections: what an idle connection costs',
    idleConnections: 10_000,
  },
  latency: {
    ...small,
    id: 'latency',
    summary: `open loop at ${LATENCY_SHARES.map((s) => `${s * 100} %`).join(', ')} of each target's small throughput: p50/p99 against load`,
    rateShares: LATENCY_SHARES,
  },
};

/** Every scenario, in the order a run measures them and every view shows them. */
export const SCENARIO_ORDER: readonly ScenarioId[] = SCENARIO_IDS;

/**
 * What --quick measures, most important first: the sweep is left out (it is four measurements), and the
 * planner drops from the end when there are too many targets for two minutes.
 */
export const QUICK_PRIORITY: readonly ScenarioId[] = ['small', 'missing', 'large', 'close', 'stalled'];
