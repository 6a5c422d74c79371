// Readers for the results.json versions written before the current one: each is checked against its own
// frozen definition, then turned into the current shape, so every view, compare and report reads old runs.
// Version 1 is version 2 without the fields version 2 added (they are optional here).
import * as v from 'valibot';
import { FLAGS } from '../model/flags.ts';
import { SCENARIO_IDS } from '../model/scenarios.ts';
import {
  describeIssue,
  EnvironmentSchema,
  ImplementationSchema,
  LatencySchema,
  type Measurement,
  MicroSchema,
  ProbesSchema,
  RESULTS_VERSION,
  type Results,
  type Summary,
  validateCurrent,
} from '../model/schema.ts';
import { mean, spread } from './stats.ts';

const finite = v.pipe(v.number(), v.finite());
const nullableFinite = v.nullable(finite);
const optionalNullable = v.optional(nullableFinite);
const Latency = LatencySchema;
/** Version 2's scenarios are among the current ones (no scenario has been taken away since). */
const V2_SCENARIOS = SCENARIO_IDS;

const V2Repetition = v.object({
  requestsPerSec: finite,
  bytesPerSec: finite,
  perSecond: v.array(finite),
  latencyMs: Latency,
  errors: finite,
  timeouts: finite,
  non2xx: finite,
  wrongAnswers: finite,
  serverCpuPercent: nullableFinite,
  serverRssPeakBytes: nullableFinite,
  clientCpuPercent: nullableFinite,
  harnessCpuPercent: optionalNullable,
  serverCpuSeconds: optionalNullable,
  requests: v.optional(finite),
  elapsedSec: v.optional(finite),
  timeline: v.optional(v.object({ intervalMs: finite, counts: v.array(finite) })),
});

const V2Run = v.object({
  target: v.string(),
  impl: v.string(),
  runtime: v.string(),
  scenario: v.picklist(V2_SCENARIOS),
  connections: finite,
  durationSec: finite,
  repetitions: v.array(V2Repetition),
  requestsPerSec: v.object({ median: finite, min: finite, max: finite, cv: finite }),
  latencyMs: Latency,
  bytesPerSec: finite,
  errors: finite,
  timeouts: finite,
  non2xx: finite,
  server: v.object({
    cpuPercent: nullableFinite,
    rssPeakBytes: nullableFinite,
    requestsPerCpuSecond: optionalNullable,
  }),
  offeredRate: optionalNullable,
  client: v.object({ cpuPercent: nullableFinite }),
  timeWait: v.optional(finite),
  timeWaitClient: v.optional(finite),
  // What the probes record now, under other names then.
  slowClients: ProbesSchema.entries.slowClients,
  offeredShare: v.optional(finite),
  idle: ProbesSchema.entries.idleMemory,
  flags: v.array(v.picklist(FLAGS)),
  stderr: v.optional(v.string()),
});

const V2Results = v.object({
  version: v.picklist([1, 2]),
  runId: v.string(),
  complete: v.boolean(),
  // The same fields then as now, but for the engine's name, which then had to be one of three.
  environment: EnvironmentSchema,
  method: v.object({
    durationSec: finite,
    warmupSec: finite,
    repeats: finite,
    scenarios: v.array(v.picklist(V2_SCENARIOS)),
    sweepConnections: v.array(finite),
    sweepRepeats: v.optional(finite),
    quick: v.optional(v.boolean()),
    plannedSec: v.optional(finite),
    elapsedSec: v.optional(finite),
  }),
  implementations: v.array(ImplementationSchema),
  runs: v.array(V2Run),
  micro: v.optional(v.array(MicroSchema)),
});

type V2 = v.InferOutput<typeof V2Results>;
type V2RunType = V2['runs'][number];

/**
 * Version 2 kept only requests/s as a spread: the rest is read off the repetitions. No interval: its
 * repetitions shared one server process, so they are not the independent samples an interval needs.
 */
function summaryOf(values: readonly number[], median: number): Summary {
  const s = spread(values);
  return { ...s, median: values.length === 0 ? median : s.median, mean: mean(values), ci: null };
}

function fromV2Run(run: V2RunType, durationSec: number): Measurement {
  const repetitions = run.repetitions.map((r, i) => ({
    ...r,
    round: i + 1,
    warmup: null,
    sent: null,
    answered: null,
    lateAnswers: null,
    offered: null,
    unsent: null,
    connectTimeouts: null,
    engineLatenessMs: null,
    harnessCpuPercent: r.harnessCpuPercent ?? null,
    serverCpuSeconds: r.serverCpuSeconds ?? null,
    requests: r.requests ?? Math.round(r.requestsPerSec * (r.elapsedSec ?? durationSec)),
    elapsedSec: r.elapsedSec ?? durationSec,
  }));
  const probes: Measurement['probes'] = {
    ...(run.timeWait !== undefined
      ? { timeWait: { server: run.timeWait, client: run.timeWaitClient ?? 0 } }
      : {}),
    ...(run.slowClients ? { slowClients: run.slowClients } : {}),
    ...(run.idle ? { idleMemory: run.idle } : {}),
  };
  return {
    target: run.target,
    impl: run.impl,
    runtime: run.runtime,
    scenario: run.scenario,
    connections: run.connections,
    durationSec: run.durationSec,
    offeredRate: run.offeredRate ?? null,
    offeredShare: run.offeredShare ?? null,
    repetitions,
    requestsPerSec: {
      ...run.requestsPerSec,
      mean: mean(run.repetitions.map((r) => r.requestsPerSec)),
      ci: null,
    },
    bytesPerSec: summaryOf(
      run.repetitions.map((r) => r.bytesPerSec),
      run.bytesPerSec,
    ),
    latencyMs: run.latencyMs,
    latencySource: 'median of repetitions',
    errors: run.errors,
    timeouts: run.timeouts,
    non2xx: run.non2xx,
    server: { ...run.server, requestsPerCpuSecond: run.server.requestsPerCpuSecond ?? null },
    client: run.client,
    vsReference: null,
    probes,
    flags: run.flags,
    ...(run.stderr !== undefined ? { stderr: run.stderr } : {}),
  };
}

function fromV2(old: V2): Results {
  const { runs, version: _version, ...rest } = old;
  return {
    ...rest,
    version: RESULTS_VERSION,
    method: {
      durationSec: old.method.durationSec,
      warmupSec: old.method.warmupSec,
      repeats: old.method.repeats,
      maxRepeats: old.method.repeats,
      warmup: null,
      seed: null,
      leftOut: [],
      scenarios: old.method.scenarios,
      sweepConnections: old.method.sweepConnections,
      quick: old.method.quick ?? false,
      ...(old.method.plannedSec !== undefined ? { plannedSec: old.method.plannedSec } : {}),
      ...(old.method.elapsedSec !== undefined ? { elapsedSec: old.method.elapsedSec } : {}),
    },
    measurements: runs.map((run) => fromV2Run(run, old.method.durationSec)),
  };
}

/**
 * Any readable results.json, in the current shape; or the first problem found, named by its path in
 * the file as it was written.
 */
export function validateResults(value: unknown): Results | { error: string } {
  const version =
    typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : null;
  if (version === RESULTS_VERSION) return validateCurrent(value);
  if (version === 1 || version === 2) {
    const parsed = v.safeParse(V2Results, value, { abortEarly: true });
    if (!parsed.success) return { error: describeIssue(parsed.issues[0]) };
    return fromV2(parsed.output);
  }
  return {
    error: `results.version: this reader knows versions 1 to ${RESULTS_VERSION}, got ${String(version)}`,
  };
}
