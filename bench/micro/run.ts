// The micro-benchmark runner; cli/micro.ts is the command line around it.
import { Bench } from 'tinybench';
import type { MicroResult } from '../model/schema.ts';
import { MICRO_CASES } from './cases.ts';

export async function runMicro(timeMs: number): Promise<MicroResult[]> {
  for (const c of MICRO_CASES) await c.setup?.();
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(200, timeMs) });
  for (const c of MICRO_CASES) {
    bench.add(c.name, () => {
      for (let i = 0; i < c.batch; i++) c.run();
    });
  }
  await bench.run();
  return bench.tasks.map((task, i) => {
    const result = task.result;
    const batch = MICRO_CASES[i]!.batch;
    if (result.state !== 'completed') {
      throw new Error(`${task.name}: ${result.state === 'errored' ? result.error.message : result.state}`);
    }
    return {
      name: task.name,
      opsPerSec: (1000 / result.latency.mean) * batch,
      rme: result.latency.rme,
      samples: result.latency.samplesCount,
    };
  });
}
