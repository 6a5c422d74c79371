// The micro-benchmark runner and its flags; micro.ts is the command line around them.
import { Bench } from 'tinybench';
import type { MicroResult } from '../results/schema.ts';
import { MICRO_CASES } from './cases.ts';

export const MICRO_USAGE = 'usage: npm run bench:micro -- [--out results.json] [--json] [--time MS]';

interface MicroArgs {
  readonly out: string | null;
  readonly json: boolean;
  readonly timeMs: number;
}

export function parseMicroArgs(argv: readonly string[]): MicroArgs | { error: string } {
  let out: string | null = null;
  let json = false;
  let timeMs = 500;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out') {
      out = argv[++i] ?? null;
      if (!out) return { error: `--out needs a results.json file; ${MICRO_USAGE}` };
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--time') {
      const value = argv[++i];
      timeMs = Number(value);
      if (!/^\d+$/.test(value ?? '') || timeMs < 10)
        return { error: `--time must be milliseconds (10 or more)` };
    } else {
      return { error: `unknown argument "${arg}"; ${MICRO_USAGE}` };
    }
  }
  return { out, json, timeMs };
}

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
