// Synthetic results for the unit tests: valid by construction, with the few fields a test cares about
// given as overrides.
import {
  type Beside,
  type Measurement,
  RESULTS_VERSION,
  type Repetition,
  type Results,
} from '../../bench/model/schema.ts';
import { summarize } from '../../bench/results/intervals.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function makeRepetition(
  perSecond: readonly number[],
  overrides: Partial<Repetition> = {},
): Repetition {
  const total = perSecond.reduce((a, b) => a + b, 0);
  const requestsPerSec = perSecond.length === 0 ? 0 : total / perSecond.length;
  return {
    requestsPerSec,
    bytesPerSec: 1000,
    perSecond,
    latencyMs: { p50: 1, p90: 2, p99: 3, p999: 4, max: 5 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    wrongAnswers: 0,
    serverCpuPercent: 99,
    serverCpuSeconds: perSecond.length * 0.99,
    serverRssPeakBytes: 50_000_000,
    clientCpuPercent: 60,
    harnessCpuPercent: null,
    requests: total,
    elapsedSec: perSecond.length,
    round: 1,
    warmup: null,
    sent: total,
    answered: total,
    lateAnswers: 0,
    offered: null,
    unsent: null,
    connectTimeouts: 0,
    engineLatenessMs: null,
    ...overrides,
  };
}

/** A side-by-side window against nginx: the two figures, the CPU split evenly, the client below or at its limit. */
export function makeBeside(figure: number, referenceFigure: number, clientBound = false): Beside {
  return {
    target: 'nginx',
    figure,
    referenceFigure,
    serverCpuSeconds: 0.5,
    referenceCpuSeconds: 0.5,
    clientCpuPercent: clientBound ? 95 : 70,
    elapsedSec: 1,
    clientBound,
  };
}

/** A measurement whose repetitions (rounds 1, 2…) have the given per-second counts; its summaries follow from them. */
export function makeMeasurement(
  target: string,
  perSecondByRepetition: readonly (readonly number[])[],
  overrides: Partial<Mutable<Measurement>> = {},
): Measurement {
  const repetitions = perSecondByRepetition.map((ps, i) => makeRepetition(ps, { round: i + 1 }));
  const [impl, runtime] = target.split('@');
  return {
    target,
    impl: impl!,
    runtime: runtime ?? 'native',
    scenario: 'small',
    connections: 50,
    durationSec: 5,
    offeredRate: null,
    offeredShare: null,
    repetitions,
    requestsPerSec: summarize(repetitions.map((r) => r.requestsPerSec)),
    bytesPerSec: summarize(repetitions.map((r) => r.bytesPerSec)),
    latencyMs: { p50: 1, p90: 2, p99: 3, p999: 4, max: 5 },
    latencySource: 'median of repetitions',
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    server: { cpuPercent: 99, rssPeakBytes: 50_000_000, requestsPerCpuSecond: null },
    client: { cpuPercent: 60 },
    vsReference: null,
    probes: {},
    flags: [],
    ...overrides,
  };
}

export function makeResults(
  measurements: readonly Measurement[],
  overrides: Partial<Mutable<Results>> = {},
): Results {
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
      maxRepeats: 3,
      warmup: { windowSec: 0.5, tolerance: 0.05, minWindows: 2 },
      seed: 1,
      leftOut: [],
      scenarios: ['small'],
      sweepConnections: [1, 8, 64, 256],
      quick: false,
    },
    implementations: [],
    measurements,
    ...overrides,
  };
}

/** n per-second counts around a level, with a deterministic wobble (no randomness in tests). */
export function samplesAround(level: number, n: number, wobble = 0.02): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(level * (1 + wobble * Math.sin(i * 2.3 + level))));
}
