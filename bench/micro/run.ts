// The micro-benchmark runner and its flags; micro.ts is the command line around them.
import { Bench } from 'tinybench';
import { isError, readArgs, wholeNumber } from '../cli/args.ts';
import type { MicroResult } from '../model/schema.ts';
import { MICRO_CASES } from './cases.ts';

interface MicroArgs {
  readonly out: string | null;
  readonly json: boolean;
  readonly timeMs: number;
  readonly help: boolean;
}

export function parseMicroArgs(argv: readonly string[]): MicroArgs | { error: string } {
  const parsed = readArgs(
    argv,
    {
      out: { type: 'string' },
      json: { type: 'boolean' },
      time: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'npm run bench:micro',
  );
  if (isError(parsed)) return parsed;
  const out = (parsed.values['out'] as string | undefined) ?? null;
  if (out === '') return { error: '--out needs a results.json file' };
  const time = parsed.values['time'] as string | undefined;
  const timeMs = time === undefined ? 500 : wholeNumber('--time', time, 10, 600_000);
  if (isError(timeMs)) return timeMs;
  return { out, json: parsed.values['json'] === true, timeMs, help: parsed.values['help'] === true };
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
