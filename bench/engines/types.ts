// What every load engine is asked to do and what it reports: the same fields whichever engine runs.
import type { Latency } from '../schema.ts';

export interface LoadSpec {
  /** http://host:port */
  readonly origin: string;
  readonly path: string;
  readonly connections: number;
  readonly durationSec: number;
  /** Send "Connection: close" so every request opens a new TCP connection. */
  readonly closeEachRequest: boolean;
  /** The right answer: its status, and its size (head and body) as the preflight received it. */
  readonly expectStatus: number;
  readonly expectBodyBytes: number;
  readonly expectResponseBytes: number;
}

export interface LoadOutcome {
  /** Completed responses, whatever their status. */
  readonly requests: number;
  /** Response bytes received, heads included. */
  readonly bytes: number;
  readonly elapsedSec: number;
  /** Completed responses in each whole second of the run. */
  readonly perSecond: readonly number[];
  readonly latencyMs: Latency;
  /** Connection errors (resets, refused), timeouts not included. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** Responses with a status or a size other than the expected ones. */
  readonly wrongAnswers: number;
}

export interface LoadHooks {
  /** The process generating the load, for CPU sampling; called when the run starts. */
  readonly onStart?: (pid: number) => void;
  /** Live completed responses in the second that just ended (an estimate for wrk). */
  readonly onSecond?: (count: number) => void;
}

export interface LoadEngine {
  readonly name: 'autocannon' | 'wrk';
  readonly version: string;
  /** Cores the generator can keep busy with this many connections: the yardstick for client-bound. */
  capacityCores(connections: number): number;
  run(spec: LoadSpec, hooks: LoadHooks, signal: AbortSignal): Promise<LoadOutcome>;
  close(): Promise<void>;
}

/** Checks a response against the spec: the status, and a size no smaller than the body, with room for the head. */
export function isRightAnswer(spec: LoadSpec, status: number, responseBytes: number): boolean {
  return (
    status === spec.expectStatus &&
    responseBytes >= spec.expectBodyBytes &&
    responseBytes <= spec.expectBodyBytes + MAX_HEAD_BYTES
  );
}

/** The largest response head a right answer may carry. */
export const MAX_HEAD_BYTES = 4096;
