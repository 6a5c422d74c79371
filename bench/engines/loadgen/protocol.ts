// What the harness and the loadgen process say to each other: one JSON object a line, commands on the
// process's stdin, messages on its stdout. Types only, shared by both sides.
import type { LoadOutcome, LoadSpec } from '../types.ts';

export type EngineCommand =
  | { readonly type: 'run'; readonly spec: LoadSpec }
  /** After an 'idle' message: the harness has read the server's memory, the load may start. */
  | { readonly type: 'go' };

export type EngineMessage =
  /** Once, when the process is up. */
  | { readonly type: 'ready'; readonly runtime: string }
  /** Complete responses in the second of the window that just ended. */
  | { readonly type: 'second'; readonly count: number }
  /** The idle connections are open and answered; waiting for 'go'. */
  | { readonly type: 'idle'; readonly opened: number }
  | { readonly type: 'done'; readonly outcome: LoadOutcome }
  | { readonly type: 'failed'; readonly error: string };
