// Runs the plan one measurement after another (never two at once: they would share the cores), and stops
// early, keeping what finished, when the signal is aborted.
import type { LoadEngine } from '../engines/types.ts';
import type { Plan } from '../plan/plan.ts';
import type { Run } from '../results/schema.ts';
import type { StartContext } from '../targets/start.ts';
import { isMeasured } from '../views/ranking.ts';
import { measure } from './measure.ts';
import type { Progress } from './progress.ts';

export interface RunnerSetup {
  readonly plan: Plan;
  readonly engine: LoadEngine;
  readonly start: StartContext;
  readonly progress: Progress;
}

export interface RunnerOutcome {
  readonly runs: readonly Run[];
  readonly complete: boolean;
}

export async function runPlan({ plan, engine, start, progress }: RunnerSetup): Promise<RunnerOutcome> {
  const runs: Run[] = [];
  // A target that did not start is not tried again for its other scenarios: it would only fail slowly again.
  const startFailures = new Map<string, Run>();
  const measurements = plan.measurements;
  // The latency scenario offers shares of what the same target did in small earlier in this run.
  const smallThroughput = (target: string): number | null => {
    const small = runs.find((r) => r.target === target && r.scenario === 'small');
    return small !== undefined && isMeasured(small) ? small.requestsPerSec.median : null;
  };
  for (let i = 0; i < measurements.length && !start.signal.aborted; i++) {
    const m = measurements[i]!;
    progress.begin(i + 1, m);
    const earlier = startFailures.get(m.target.name);
    const run = earlier
      ? { ...earlier, scenario: m.scenario.id, connections: m.connections }
      : await measure(m, { engine, timing: plan.timing, start, progress, smallThroughput });
    progress.end(run);
    if (run === null) break;
    if (run.flags.includes('start-failed')) startFailures.set(m.target.name, run);
    runs.push(run);
  }
  return { runs, complete: !start.signal.aborted && runs.length === measurements.length };
}
