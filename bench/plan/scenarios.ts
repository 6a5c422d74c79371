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
  /** Slow clients that trickle their request heads beside the load (stalled). */
  readonly slowClients: number;
}

export const SWEEP_CONNECTIONS: readonly number[] = [1, 8, 64, 256];

/** One byte every this many milliseconds: a 36-byte head takes about 7 s, inside the servers' 10 s header timeout. */
export const SLOW_CLIENT_BYTE_INTERVAL_MS = 200;

/** A path no site has; the missing scenario expects 404 for it. */
export const MISSING_PATH = '/no-such-page-7d3f.html';

const small: Scenario = {
  id: 'small',
  summary: 'GET / (index.html) with keep-alive, 50 connections',
  path: '/',
  file: 'index.html',
  expectStatus: 200,
  connections: 50,
  closeEachRequest: false,
  slowClients: 0,
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
};

/** Every scenario, in the order a run measures them and every view shows them. */
export const SCENARIO_ORDER: readonly ScenarioId[] = SCENARIO_IDS;

/**
 * What --quick measures, most important first: the sweep is left out (it is four measurements), and the
 * planner drops from the end when there are too many targets for two minutes.
 */
export const QUICK_PRIORITY: readonly ScenarioId[] = ['small', 'missing', 'large', 'close', 'stalled'];
