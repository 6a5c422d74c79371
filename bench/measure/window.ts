// One recorded window of load: the engine's outcome with the server's and the client's resources sampled
// over the same span, as one repetition.
import type { LoadEngine, LoadHooks, LoadOutcome, LoadSpec } from '../engines/types.ts';
import type { Repetition } from '../model/schema.ts';
import { ResourceSampler } from '../proc/sampler.ts';
import type { RunningTarget } from '../targets/running.ts';
import type { ProbeSession } from './probes/probe.ts';
import { toRepetition } from './repetition.ts';

export interface WindowResult {
  readonly outcome: LoadOutcome;
  readonly repetition: Omit<Repetition, 'round' | 'warmup'>;
}

export async function measureWindow(
  engine: LoadEngine,
  target: RunningTarget,
  spec: LoadSpec,
  probes: readonly ProbeSession[],
  onSecond: (count: number) => void,
  signal: AbortSignal,
): Promise<WindowResult> {
  const sampler = new ResourceSampler(target.pid);
  try {
    for (const probe of probes) probe.beforeWindow?.();
    const hooks: LoadHooks = {
      onStart: (pid) => sampler.addClientPid(pid),
      onWindowStart: () => sampler.windowStarted(),
      onSecond,
      onIdle: () => {
        for (const probe of probes) probe.hooks?.onIdle?.();
      },
    };
    // The harness shares the engine's cores: its own CPU meanwhile counts toward their load.
    const harnessBefore = process.cpuUsage();
    const outcome = await engine.load(spec, hooks, signal);
    const harness = process.cpuUsage(harnessBefore);
    const usage = sampler.stop();
    for (const probe of probes) probe.afterWindow?.(outcome);
    return { outcome, repetition: toRepetition(outcome, usage, (harness.user + harness.system) / 1e6) };
  } finally {
    // Idempotent: stops the timer when the load threw.
    sampler.stop();
  }
}
