// Synthetic results for the unit tests: valid by construction, with the few fields a test cares about
// given as overrides.
import { RESULTS_VERSION, type Repetition, type Results, type Run } from '../../bench/results/schema.ts';

export function makeRepetition(
  perSecond: readonly number[],
  overrides: Partial<Repetition> = {},
): Repetition {
  const total = perSecond.reduce((a, b) => a + b, 0);
  return {
    requestsPerSec: perSecond.length === 0 ? 0 : total / perSecond.length,
    bytesPerSec: 1000,
    perSecond,
    latencyMs: { p50: 1, p90: 2, p99: 3, p999: 4, max: 5 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    wrongAnswers: 0,
    serverCpuPercent: 99,
    serverRssPeakBytes: 50_000_000,
    clientCpuPercent: 60,
    ...overrides,
  };
}

/** A run whose repetitions have the given per-second counts; the summary fields follow from them. */
export function makeRun(
  target: string,
  perSecondByRepetition: readonly (readonly number[])[],
  overrides: Partial<Run> = {},
): Run {
  const repetitions = perSecondByRepetition.map((ps) => makeRepetition(ps));
  const rates = repetitions.map((r) => r.requestsPerSec).sort((a, b) => a - b);
  const [impl, runtime] = target.split('@');
  return {
    target,
    impl: impl!,
    runtime: runtime ?? 'native',
    scenario: 'small',
    connections: 50,
    durationSec: 5,
    repetitions,
    requestsPerSec: {
      median: rates[Math.floor(rates.length / 2)] ?? 0,
      min: rates[0] ?? 0,
      max: rates[rates.length - 1] ?? 0,
      cv: 0.01,
    },
    latencyMs: { p50: 1, p90: 2, p99: 3, p999: 4, max: 5 },
    bytesPerSec: 1000,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    server: { cpuPercent: 99, rssPeakBytes: 50_000_000 },
    client: { cpuPercent: 60 },
    flags: [],
    ...overrides,
  };
}

export function makeResults(runs: readonly Run[], overrides: Partial<Results> = {}): Results {
  return {
    version: RESULTS_VERSION,
    runId: 'test-run',
    complete: true,
    environment: {
      cpu: 'Test CPU',
      cores: 2,
      memoryBytes: 8 * 1024 ** 3,
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0',
      runtimes: { node: '20.20.2', bun: null, deno: null },
      engine: { name: 'autocannon', version: '9.0.0' },
      git: { commit: null, dirty: false },
      pinning: { enabled: true, serverCpus: '0', clientCpus: '1' },
      date: '2026-11-27T10:00:00.000Z',
      command: 'npm run bench',
    },
    method: {
      durationSec: 5,
      warmupSec: 2,
      repeats: 3,
      scenarios: ['small'],
      sweepConnections: [1, 8, 64, 256],
    },
    implementations: [],
    runs,
    ...overrides,
  };
}

/** n per-second counts around a level, with a deterministic wobble (no randomness in tests). */
export function samplesAround(level: number, n: number, wobble = 0.02): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(level * (1 + wobble * Math.sin(i * 2.3 + level))));
}
