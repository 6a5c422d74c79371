// Writes test/fixtures/results-sample.json: a realistic results file exercising every part of the report
// (client-bound, wrong answers, a target that failed to start, the nginx reference and the ratios to it,
// targets tied by their intervals, a warm-up that never settled, the sweep, TIME_WAIT, an open-loop point
// whose rate was not held, slow downloads, the cores scenario, micro-benchmarks). Deterministic, so regenerating it gives the
// same file:
//   node --import tsx test/bench/views/html/make-results-sample.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Flag } from '../../../../bench/model/flags.ts';
import type { ScenarioId } from '../../../../bench/model/scenarios.ts';
import {
  type Latency,
  type Measurement,
  RESULTS_VERSION,
  type Repetition,
  type Results,
} from '../../../../bench/model/schema.ts';
import { summarize } from '../../../../bench/results/intervals.ts';
import { withReferenceRatios } from '../../../../bench/results/reference.ts';
import { IMPLEMENTATIONS } from '../../../../servers/registry.ts';

const OUT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'fixtures',
  'results-sample.json',
);
const DURATION = 5;
const REPEATS = 3;
const MIB = 1024 * 1024;
const INDEX_BYTES = 5_120;
/** Roughly where autocannon tops out on one core of the reference machine. */
const CLIENT_CEILING = 86_000;

// mulberry32: a tiny seeded generator, so the noise is the same on every run.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const jitter = (value: number, spread: number) => value * (1 + (random() * 2 - 1) * spread);
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** The scenarios the sample has figures for. */
type SampledScenario = Extract<ScenarioId, 'small' | 'close' | 'large' | 'missing' | 'stalled'>;

interface Profile {
  /** Requests per second the server sustains in each scenario (before the client's ceiling). */
  readonly rps: Record<SampledScenario, number>;
  /** Requests per second at 1, 8, 64, 256 connections. */
  readonly sweep: readonly [number, number, number, number];
  readonly cpuPercent: number;
  readonly rssMiB: number;
  /** Repetition-to-repetition noise, as a fraction. */
  readonly noise: number;
}

const PROFILES: Record<string, Profile> = {
  'sequential@node': {
    rps: { small: 9_100, close: 8_600, large: 610, missing: 9_800, stalled: 38 },
    sweep: [6_200, 9_000, 9_100, 8_700],
    cpuPercent: 97,
    rssMiB: 58,
    noise: 0.03,
  },
  'async@node': {
    rps: { small: 42_300, close: 11_200, large: 1_420, missing: 45_100, stalled: 41_200 },
    sweep: [9_400, 35_800, 42_500, 40_900],
    cpuPercent: 99,
    rssMiB: 71,
    noise: 0.025,
  },
  'workers@node': {
    rps: { small: 30_400, close: 8_100, large: 1_150, missing: 31_900, stalled: 29_600 },
    sweep: [5_100, 24_300, 30_200, 29_400],
    cpuPercent: 100,
    rssMiB: 118,
    noise: 0.04,
  },
  'node-http@node': {
    rps: { small: 27_800, close: 9_300, large: 1_260, missing: 26_400, stalled: 27_100 },
    sweep: [8_200, 25_100, 27_900, 27_300],
    cpuPercent: 99,
    rssMiB: 64,
    noise: 0.06,
  },
  'async@bun': {
    rps: { small: 131_000, close: 14_100, large: 2_210, missing: 128_000, stalled: 127_000 },
    sweep: [14_300, 71_200, 132_000, 129_000],
    cpuPercent: 78,
    rssMiB: 36,
    noise: 0.02,
  },
  nginx: {
    rps: { small: 118_000, close: 16_400, large: 3_050, missing: 121_000, stalled: 117_000 },
    sweep: [15_900, 74_800, 119_000, 116_000],
    cpuPercent: 71,
    rssMiB: 7,
    noise: 0.015,
  },
};

function latencyFor(rps: number, connections: number, tail: number): Latency {
  // Little's law gives the mean time a request spends in the system; the tail grows with load.
  const meanMs = (connections / Math.max(rps, 1)) * 1000;
  const p50 = meanMs * jitter(0.92, 0.05);
  return {
    p50: round(p50, 3),
    p90: round(p50 * 1.6 * tail, 3),
    p99: round(p50 * 3.1 * tail, 3),
    p999: round(p50 * 6.5 * tail, 3),
    max: round(p50 * 14 * tail + 3, 3),
  };
}

interface RunSpec {
  readonly target: string;
  readonly scenario: ScenarioId;
  readonly connections: number;
  readonly rps: number;
  readonly profile: Profile;
  readonly bytesPerResponse: number;
  readonly tail: number;
  readonly wrongAnswers?: boolean;
  readonly timeouts?: number;
  /** Fixed per-repetition levels (multiples of the rate) instead of random noise. */
  readonly levels?: readonly number[];
  /** Its warm-ups never settled within the cap (a JIT still tiering). */
  readonly unsettled?: boolean;
}

/** Each round the whole machine runs a little faster or slower: the drift the ratios to nginx absorb. */
const ROUND_DRIFT = [1, 0.94, 1.05];

function measure(spec: RunSpec): Measurement {
  const clientBound = spec.rps > CLIENT_CEILING;
  const achieved = Math.min(spec.rps, CLIENT_CEILING * 0.985);
  const repetitions: Repetition[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const drifted = Math.min(achieved, achieved * ROUND_DRIFT[r]!);
    const level = spec.levels ? drifted * (spec.levels[r] ?? 1) : jitter(drifted, spec.profile.noise);
    // A warm JIT gives the later seconds a little more; the first second pays for the ramp.
    const perSecond = Array.from({ length: DURATION }, (_, s) =>
      Math.round(jitter(level * (s === 0 ? 0.93 : 1.01), spec.profile.noise / 2)),
    );
    const requestsPerSec = perSecond.reduce((a, b) => a + b, 0) / DURATION;
    const total = requestsPerSec * DURATION;
    const wrong = spec.wrongAnswers ? Math.round(total * 0.013) : 0;
    const serverCpuPercent = round(
      jitter(clientBound ? spec.profile.cpuPercent * 0.9 : spec.profile.cpuPercent, 0.02),
      1,
    );
    const warmWindows = spec.unsettled ? 16 : 2 + Math.floor(random() * 4);
    repetitions.push({
      requestsPerSec: round(requestsPerSec, 1),
      bytesPerSec: Math.round(requestsPerSec * (spec.bytesPerResponse + 180)),
      perSecond,
      // The engine's finer counts: each second's requests spread over its ten 100 ms intervals.
      timeline: {
        intervalMs: 100,
        counts: perSecond.flatMap((n) => Array.from({ length: 10 }, () => Math.round(jitter(n / 10, 0.02)))),
      },
      latencyMs: latencyFor(requestsPerSec, spec.connections, spec.tail),
      errors: 0,
      timeouts: spec.timeouts ?? 0,
      non2xx: spec.scenario === 'missing' ? Math.round(total) : 0,
      wrongAnswers: wrong,
      serverCpuPercent,
      serverCpuSeconds: round((serverCpuPercent / 100) * DURATION, 3),
      serverRssPeakBytes: Math.round(jitter(spec.profile.rssMiB * MIB, 0.03)),
      clientCpuPercent: round(
        clientBound ? jitter(99.2, 0.005) : jitter(Math.min(95, (achieved / CLIENT_CEILING) * 92), 0.03),
        1,
      ),
      harnessCpuPercent: round(jitter(3, 0.2), 1),
      requests: Math.round(total),
      elapsedSec: DURATION,
      round: r + 1,
      sent: Math.round(total) + spec.connections,
      answered: Math.round(total) + spec.connections,
      lateAnswers: spec.connections,
      offered: null,
      unsent: null,
      connectTimeouts: 0,
      engineLatenessMs: null,
      warmup: {
        seconds: round(warmWindows * 0.53, 2),
        windows: warmWindows,
        settled: !spec.unsettled,
        figures: Array.from({ length: warmWindows }, (_, w) => Math.round(level * (1 - 0.5 / (w + 1)))),
      },
    });
  }
  const rpsValues = repetitions.map((r) => r.requestsPerSec);
  const summary = summarize(rpsValues);
  const cv = summary.cv;
  const medianOf = (pick: (r: Repetition) => number) =>
    [...repetitions.map(pick)].sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
  const flags: Flag[] = [];
  if (spec.target === 'nginx') flags.push('reference');
  if (clientBound) flags.push('client-bound');
  if (spec.wrongAnswers) flags.push('wrong-answers');
  if ((spec.timeouts ?? 0) > 0) flags.push('errors');
  if (cv > 0.1) flags.push('unstable');
  const [impl, runtime] = spec.target === 'nginx' ? ['nginx', 'nginx'] : spec.target.split('@');
  return {
    target: spec.target,
    impl: impl!,
    runtime: runtime!,
    scenario: spec.scenario,
    connections: spec.connections,
    durationSec: DURATION,
    repetitions,
    offeredRate: null,
    offeredShare: null,
    requestsPerSec: summary,
    latencySource: 'merged histograms' as const,
    latencyMs: {
      p50: medianOf((r) => r.latencyMs.p50),
      p90: medianOf((r) => r.latencyMs.p90),
      p99: medianOf((r) => r.latencyMs.p99),
      p999: medianOf((r) => r.latencyMs.p999),
      max: medianOf((r) => r.latencyMs.max),
    },
    bytesPerSec: summarize(repetitions.map((r) => r.bytesPerSec)),
    errors: repetitions.reduce((a, r) => a + r.errors, 0),
    timeouts: repetitions.reduce((a, r) => a + r.timeouts, 0),
    non2xx: repetitions.reduce((a, r) => a + r.non2xx, 0),
    server: {
      cpuPercent: medianOf((r) => r.serverCpuPercent ?? 0),
      rssPeakBytes: Math.max(...repetitions.map((r) => r.serverRssPeakBytes ?? 0)),
      // Requests per CPU-second: the requests over the CPU-seconds of the same window.
      requestsPerCpuSecond: round(medianOf((r) => r.requests / (r.serverCpuSeconds ?? 1))),
    },
    client: { cpuPercent: medianOf((r) => r.clientCpuPercent ?? 0) },
    vsReference: null,
    probes: {
      // The server closes first, so the TIME_WAIT sockets are on its side; the client keeps a handful.
      ...(spec.scenario === 'close'
        ? {
            timeWait: {
              server: Math.min(28_232, Math.round(achieved * 2.4)),
              client: Math.round(random() * 40),
            },
          }
        : {}),
      ...(spec.scenario === 'stalled'
        ? {
            slowClients: {
              count: 4,
              byteIntervalMs: 200,
              completed: spec.target === 'sequential@node' ? 3 : 24,
              cut: 0,
            },
          }
        : {}),
    },
    flags,
  };
}

const CONNECTIONS: Record<SampledScenario, number> = {
  small: 50,
  close: 50,
  large: 16,
  missing: 50,
  stalled: 50,
};
const SWEEP = [1, 8, 64, 256] as const;

const measurements: Measurement[] = [];
for (const [target, profile] of Object.entries(PROFILES)) {
  for (const scenario of ['small', 'close', 'large', 'missing', 'stalled'] as const) {
    const sequentialStall = target === 'sequential@node' && scenario === 'stalled';
    measurements.push(
      measure({
        target,
        scenario,
        connections: CONNECTIONS[scenario],
        rps: profile.rps[scenario],
        profile,
        // node:http's close runs swing from one repetition to the next: the measurement flagged unstable.
        ...(target === 'node-http@node' && scenario === 'close' ? { levels: [0.83, 1, 1.16] } : {}),
        bytesPerResponse: scenario === 'large' ? MIB : scenario === 'missing' ? 9 : INDEX_BYTES,
        // A stalled client holds the sequential server until its header timeout: the tail is that timeout.
        tail: sequentialStall ? 2.5 : scenario === 'stalled' ? 1.3 : 1,
        wrongAnswers: target === 'workers@node' && scenario === 'large',
        // node:http's JIT never settles within the cap in small: the report says so.
        unsettled: target === 'node-http@node' && scenario === 'small',
        ...(sequentialStall ? { timeouts: 412 } : {}),
      }),
    );
  }
  SWEEP.forEach((connections, i) => {
    measurements.push(
      measure({
        target,
        scenario: 'sweep',
        connections,
        rps: profile.sweep[i]!,
        profile,
        bytesPerResponse: INDEX_BYTES,
        tail: 1 + i * 0.4,
      }),
    );
  });
}

// The latency scenario: open loop at shares of each target's own small throughput. Latency from the due
// time climbs as the load nears what the server sustains, the tail first (a queue in front of one core).
const SHARES = [0.25, 0.5, 0.75, 0.9] as const;
for (const [target, profile] of Object.entries(PROFILES)) {
  const small = Math.min(profile.rps.small, CLIENT_CEILING * 0.985);
  for (const share of SHARES) {
    const offered = Math.round(small * share);
    const m = measure({
      target,
      scenario: 'latency',
      connections: 50,
      rps: offered,
      profile,
      bytesPerResponse: INDEX_BYTES,
      tail: 1,
    });
    const serviceMs = 1000 / profile.rps.small!;
    const queue = 1 / (1 - share);
    const p50 = round(serviceMs * 2 * queue * jitter(1, 0.05), 3);
    // workers@node falls behind at 90 %: it serves less than it is offered, and the report marks the point.
    const short = target === 'workers@node' && share === 0.9 ? 0.9 : 1;
    const repetitions = m.repetitions.map((r) => ({
      ...r,
      requestsPerSec: r.requestsPerSec * short,
      offered: offered * DURATION,
      answered: Math.round(offered * DURATION * short),
      // The engine kept its schedule: its own lateness stays a small part of the latency.
      engineLatenessMs: { p99: round(serviceMs * 0.1, 3), max: round(serviceMs * 0.5, 3) },
    }));
    const served = summarize(repetitions.map((r) => r.requestsPerSec));
    measurements.push({
      ...m,
      repetitions,
      requestsPerSec: served,
      latencyMs: {
        p50,
        p90: round(p50 * 1.5 * queue, 3),
        p99: round(p50 * 2.5 * queue * queue, 3),
        p999: round(p50 * 4 * queue * queue, 3),
        max: round(p50 * 9 * queue * queue + 2, 3),
      },
      offeredRate: offered,
      offeredShare: share,
      flags: [
        ...m.flags.filter((f) => f !== 'unstable' && f !== 'client-bound'),
        ...(short < 1 ? (['rate-not-held'] as const) : []),
      ],
    });
  }
}

// Deno refused to start: every scenario records the failure and the stderr tail.
const DENO_STDERR = [
  'error: Uncaught (in promise) NotCapable: Requires net access to "127.0.0.1:0", run again with the --allow-net flag',
  '    at listen (ext:deno_net/01_net.js:504:35)',
  '    at file:///work/main/servers/async/deno.ts:14:22',
  '<exited with code 1 before printing the ready line>',
].join('\n');
for (const scenario of ['small', 'close', 'large', 'missing', 'stalled'] as const) {
  measurements.push({
    target: 'async@deno',
    impl: 'async',
    runtime: 'deno',
    scenario,
    connections: CONNECTIONS[scenario],
    durationSec: DURATION,
    offeredRate: null,
    offeredShare: null,
    repetitions: [],
    requestsPerSec: summarize([]),
    latencyMs: { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 },
    latencySource: 'median of repetitions',
    bytesPerSec: summarize([]),
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    server: { cpuPercent: null, rssPeakBytes: null, requestsPerCpuSecond: null },
    client: { cpuPercent: null },
    vsReference: null,
    probes: {},
    flags: ['start-failed'],
    stderr: DENO_STDERR,
  });
}

// Slow downloads of a file far larger than memory (stream): the peak RSS is the figure, not the paced bytes.
for (const [target, rssMiB] of [
  ['async@node', 96],
  ['async@bun', 61],
] as const) {
  const m = measure({
    target,
    scenario: 'stream',
    connections: 16,
    rps: 2.7,
    profile: PROFILES[target]!,
    bytesPerResponse: 300 * MIB,
    tail: 1,
  });
  measurements.push({
    ...m,
    server: { ...m.server, rssPeakBytes: rssMiB * MIB },
    probes: {
      downloads: {
        clients: 16,
        fileBytes: 300 * MIB,
        rateBytesPerSec: 50_000_000,
        exact: 48,
        rangeExact: true,
      },
    },
    flags: m.flags.filter((f) => f !== 'unstable'),
  });
}

// The cores scenario: the models that can use more than one CPU, on 1 and 2 of them, each a server of its
// own; nginx reaches the client's ceiling on both (no efficiency is stated), the pool of threads gains 42 %.
for (const [target, gains] of [
  ['workers@node', [1, 1.42]],
  ['nginx', [1, 1.93]],
] as const) {
  const profile = PROFILES[target]!;
  [1, 2].forEach((cpus, i) => {
    const m = measure({
      target,
      scenario: 'cores',
      connections: 50,
      rps: profile.rps.small * gains[i]!,
      profile,
      bytesPerResponse: INDEX_BYTES,
      tail: 1,
    });
    measurements.push({
      ...m,
      serverCpus: cpus,
    });
  });
}

const results: Results = {
  version: RESULTS_VERSION,
  runId: '2025-06-14T09-12-44Z',
  complete: true,
  environment: {
    cpu: 'AMD EPYC 7B13',
    cores: 2,
    memoryBytes: 8 * 1024 * MIB,
    os: 'Debian GNU/Linux 12 (bookworm)',
    kernel: '6.1.0-37-cloud-amd64',
    runtimes: { node: 'v20.20.2', bun: '1.4.5', deno: '2.9.6' },
    engine: { name: 'autocannon', version: '9.0.0' },
    git: { commit: 'a5262da4c1f0e7b9d2c3e4f5a6b7c8d9e0f1a2b3', dirty: true },
    pinning: { enabled: true, serverCpus: '0', clientCpus: '1' },
    date: '2025-06-14T09:12:44.000Z',
    command: 'npm run bench -- --duration 5 --repeats 3 --warmup 2',
  },
  method: {
    durationSec: DURATION,
    warmupSec: 8,
    repeats: REPEATS,
    maxRepeats: REPEATS,
    warmup: { windowSec: 0.5, tolerance: 0.05, minWindows: 2 },
    seed: 1234,
    leftOut: ['huge', 'slowloris', 'idle'],
    scenarios: ['small', 'close', 'large', 'missing', 'stalled', 'stream', 'latency', 'sweep', 'cores'],
    sweepConnections: [...SWEEP],
    quick: false,
    plannedSec: 540,
    elapsedSec: 561.4,
  },
  implementations: [
    ...IMPLEMENTATIONS.map(({ id, model, group, description, parser }) => ({
      id,
      model,
      group,
      description,
      parser,
    })),
    {
      id: 'nginx',
      model: 'reference: nginx, event loop in C',
      description:
        "Debian's nginx-light serving the same folder with a generated configuration: one worker per server " +
        "core, sendfile on, access log off. Not one of the project's servers: it shows what a mature C event " +
        'loop reaches on the same machine, and where the load generator runs out before the server does.',
      parser: 'reference' as const,
      group: 'reference' as const,
    },
  ],
  measurements: withReferenceRatios(measurements),
  micro: [
    { name: 'parse a typical browser request', opsPerSec: 1_184_000, rme: 0.84, samples: 592_117 },
    { name: 'parse a request with 40 headers', opsPerSec: 214_500, rme: 1.21, samples: 107_240 },
    { name: 'parse a pipelined batch of 16', opsPerSec: 71_800, rme: 1.63, samples: 35_912 },
    { name: 'resolve a path', opsPerSec: 2_410_000, rme: 0.52, samples: 1_205_339 },
    { name: 'build a response head', opsPerSec: 3_050_000, rme: 0.47, samples: 1_524_876 },
  ],
};

writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');
console.log(`wrote ${OUT}: ${measurements.length} measurements`);
