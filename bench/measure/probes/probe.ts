// What a probe is: something that runs beside a scenario's load and adds figures of its own to the
// measurement (slow clients, the memory idle connections cost, sockets left in TIME_WAIT). A scenario
// names its probes (model/scenarios.ts); registry.ts maps each name to its code.
import type { LoadHooks, LoadOutcome } from '../../engines/types.ts';
import type { Scenario } from '../../model/scenarios.ts';
import type { Probes } from '../../model/schema.ts';
import type { RunningTarget } from '../../targets/running.ts';

export interface ProbeContext {
  readonly target: RunningTarget;
  readonly scenario: Scenario;
}

/** One probe over one measurement: started before its warm-up, finished after its last window. */
export interface ProbeSession {
  /** Hooks added to each window's load (the idle connections' moment, say). */
  readonly hooks?: LoadHooks;
  /** Right before each window. */
  beforeWindow?(): void;
  /** Right after each window, with what the engine saw. */
  afterWindow?(outcome: LoadOutcome): void;
  /** Stops what it started and returns its figures. */
  finish(): Probes;
}

export interface Probe {
  start(context: ProbeContext): ProbeSession;
}
