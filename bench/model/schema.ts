// results.json: the one object that measuring produces and reporting, comparing and summarising read,
// defined once with valibot: the types below are inferred from the same definition that validates a
// file, so a field cannot be declared in one and forgotten in the other. Files written before this
// version are read by bench/results/earlier-versions.ts, which turns them into this shape.
//
// Version 3: `runs` became `measurements` (one target at one scenario point, its repetitions and their
// summaries); bytes/s is summarised like requests/s; what the probes beside the load saw sits in `probes`.
import * as v from 'valibot';
import { MODEL_GROUPS } from '../../servers/registry.ts';
import { FLAGS } from './flags.ts';
import { SCENARIO_IDS } from './scenarios.ts';

export const RESULTS_VERSION = 3;

const finite = v.pipe(v.number(), v.finite());
const nullableFinite = v.nullable(finite);

export const LatencySchema = v.object({ p50: finite, p90: finite, p99: finite, p999: finite, max: finite });

/** A confidence interval for a mean, at `level` (0.95). */
const IntervalSchema = v.object({ low: finite, high: finite, level: finite });

/**
 * A figure over the repetitions. Each repetition comes from a server process of its own, so they are
 * independent samples: the headline is their mean, with Student's t interval over them (JMH's way; a
 * bootstrap of three or four values can only return their extremes).
 */
const SummarySchema = v.object({
  mean: finite,
  median: finite,
  min: finite,
  max: finite,
  /** Coefficient of variation (stdev / mean) over the repetitions, as a fraction (0.03 = 3 %). */
  cv: finite,
  /** Confidence interval for the mean; null with fewer than two repetitions. */
  ci: v.nullable(IntervalSchema),
});

/** How the server was warmed up before a window: adaptive windows until two in a row agreed. */
const WarmupSchema = v.object({
  seconds: finite,
  windows: finite,
  /** Two windows in a row agreed within the tolerance before the cap; false: it never settled. */
  settled: v.boolean(),
  /** The figure of each warm-up window, in order: how the server came up to speed. */
  figures: v.array(finite),
});

/**
 * The window after a repetition's own, with the target and the reference (nginx) loaded at once on the same
 * server CPUs, each by an engine of its own: the ratio of their figures is the target's ratio to the
 * reference, and the machine's drift, the same for both, cancels in it.
 */
const BesideSchema = v.object({
  target: v.string(),
  /** Each one's ranked figure (requests or bytes per second) in that window. */
  figure: finite,
  referenceFigure: finite,
  serverCpuSeconds: nullableFinite,
  referenceCpuSeconds: nullableFinite,
  /** Both engines' CPU together, % of one core. */
  clientCpuPercent: nullableFinite,
  elapsedSec: finite,
  /** The engines together were at the client-bound share of their CPUs: the ratio is not used. */
  clientBound: v.boolean(),
});

const RepetitionSchema = v.object({
  requestsPerSec: finite,
  bytesPerSec: finite,
  /** Completed requests in each second of the window: the timeline, and the samples for compare. */
  perSecond: v.array(finite),
  latencyMs: LatencySchema,
  errors: finite,
  timeouts: finite,
  non2xx: finite,
  /** Responses whose status, size or bytes differed from what the scenario expects. */
  wrongAnswers: finite,
  serverCpuPercent: nullableFinite,
  /** Server CPU-seconds used during the window. */
  serverCpuSeconds: nullableFinite,
  serverRssPeakBytes: nullableFinite,
  /** The load engine's CPU, % of one core over the window: from its own accounting where it has one. */
  clientCpuPercent: nullableFinite,
  /** The harness's own CPU during the window, % of one core: it shares the load engine's cores. */
  harnessCpuPercent: nullableFinite,
  /** Completed responses in the window. */
  requests: finite,
  /** Length of the measurement window, seconds. */
  elapsedSec: finite,
  /** Completed responses in each interval of the window, finer than perSecond; engines that count them. */
  timeline: v.optional(v.object({ intervalMs: finite, counts: v.array(finite) })),
  /** The round it was measured in (1, 2…): repetitions of one round are the targets measured side by side. */
  round: finite,
  /**
   * Every request of the window, where the engine accounts for them (loadgen; null elsewhere): sent in it,
   * answered whenever (up to the timeout after the window), answered only after it, and, in an open loop,
   * due in it whether its connection got to send it or not.
   */
  sent: nullableFinite,
  answered: nullableFinite,
  lateAnswers: nullableFinite,
  offered: nullableFinite,
  /** Open loop: due in the window but never sent, the connection waiting on an earlier answer. */
  unsent: nullableFinite,
  /** Connects that did not complete within the timeout (counted in errors too). */
  connectTimeouts: nullableFinite,
  /** Open loop: how late the engine itself sent requests whose connection was free when due, ms. */
  engineLatenessMs: v.nullable(v.object({ p99: finite, max: finite })),
  /**
   * Connections the engine opened in the window, where it counts them (loadgen, autocannon; null for wrk):
   * next to none with keep-alive, one per request from a server that closes after every answer. Absent in
   * files before it.
   */
  connectionsOpened: v.optional(nullableFinite),
  /** The warm-up before it, in the same server process; null where the files before version 3 say nothing. */
  warmup: v.nullable(WarmupSchema),
  /** Side by side with the reference, in the same process right after; absent where not measured so. */
  beside: v.optional(BesideSchema),
});

export const ProbesSchema = v.object({
  /** Sockets in TIME_WAIT after the load: on the server's side (it closed first) and the client's. */
  timeWait: v.optional(v.object({ server: finite, client: finite })),
  /** The slow clients that ran beside the load: requests they completed, and those the server cut off. */
  slowClients: v.optional(
    v.object({ count: finite, byteIntervalMs: finite, completed: finite, cut: v.optional(finite) }),
  ),
  /** Keep-alive connections held open, idle, while the load ran, and what they cost the server. */
  idleMemory: v.optional(
    v.object({
      connections: finite,
      /** Of them, still open when the load ended. */
      stillOpen: finite,
      rssBeforeBytes: nullableFinite,
      rssAfterBytes: nullableFinite,
      /** (after - before) / connections opened. */
      rssPerIdleConnectionBytes: nullableFinite,
    }),
  ),
  /** Processes or threads of a server that reported what they served: connections each, in worker order. */
  workers: v.optional(v.object({ connections: v.array(finite) })),
  /** Slow downloads of a file far larger than memory (stream). */
  downloads: v.optional(
    v.object({
      clients: finite,
      fileBytes: finite,
      rateBytesPerSec: finite,
      /** Downloads whose every byte matched the file (sha256). */
      exact: finite,
      /** A Range in the middle of the file matched the same bytes of it; null when not asked. */
      rangeExact: v.nullable(v.boolean()),
    }),
  ),
});

/**
 * The request every answer of a measurement was to, and what each answer was held to. Absent in files
 * before it.
 */
export const AnswerSchema = v.object({
  path: v.string(),
  status: finite,
  bodyBytes: finite,
  /**
   * 'site': the bundled site's file (or the scenario's rule: 404 for a missing path); 'learned': a server
   * with content of its own (--url), asked twice before the load and held to what it answered.
   */
  source: v.picklist(['site', 'learned']),
  /**
   * 'bytes': status, head and body lengths, and the body's bytes (sampled); 'length': the two asks gave
   * different bytes of the same length (a timestamp in the body), so status and lengths only.
   */
  checked: v.picklist(['bytes', 'length']),
  /** The server closes the connection after this answer: Connection: close, or HTTP/1.0 without keep-alive. */
  closes: v.boolean(),
});

const MeasurementSchema = v.object({
  /** impl@runtime, "nginx", "lesson", or the --name of a remote target. */
  target: v.string(),
  impl: v.string(),
  runtime: v.string(),
  scenario: v.picklist(SCENARIO_IDS),
  connections: finite,
  durationSec: finite,
  /** Open loop: the requests per second offered (latency from each request's due time); null for closed loop. */
  offeredRate: nullableFinite,
  /** The share of the target's own closed-loop throughput offered (0.25, 0.5…); null when a rate was given. */
  offeredShare: nullableFinite,
  /** The cores scenario: how many of the servers' CPUs the server was pinned to and sized to; null elsewhere. */
  serverCpus: v.optional(nullableFinite),
  repetitions: v.array(RepetitionSchema),
  requestsPerSec: SummarySchema,
  bytesPerSec: SummarySchema,
  /**
   * Percentiles of every request of every repetition, from the engines' histograms merged (max is the
   * maximum); the median of the repetitions' own percentiles where the engine sends no histogram (wrk).
   */
  latencyMs: LatencySchema,
  latencySource: v.picklist(['merged histograms', 'median of repetitions']),
  errors: finite,
  timeouts: finite,
  non2xx: finite,
  server: v.object({
    cpuPercent: nullableFinite,
    rssPeakBytes: nullableFinite,
    /** Requests served per CPU-second the server used: how much work each answer costs. */
    requestsPerCpuSecond: nullableFinite,
  }),
  client: v.object({ cpuPercent: nullableFinite }),
  /**
   * Connections opened per answer over the repetitions that counted them (loadgen, autocannon): about 1 when
   * the server closed after every answer, so that each request paid for a connection; null where uncounted.
   * Absent in files before it.
   */
  connectionsPerRequest: v.optional(nullableFinite),
  answer: v.optional(AnswerSchema),
  /**
   * Against the reference (nginx) at the same point, summarised over the repetitions: measured side by
   * side (both loaded at once, the machine's drift cancels), or else the ratio of the two figures in each
   * round (absent `how`: files before side by side). null where there is no reference figure.
   */
  vsReference: v.nullable(
    v.object({
      target: v.string(),
      ratio: SummarySchema,
      how: v.optional(v.picklist(['side by side', 'same round'])),
    }),
  ),
  probes: ProbesSchema,
  flags: v.array(v.picklist(FLAGS)),
  /** Tail of the server's stderr when it failed to start, failed the preflight or died. */
  stderr: v.optional(v.string()),
});

export const MicroSchema = v.object({
  name: v.string(),
  opsPerSec: finite,
  /** Relative margin of error, percent. */
  rme: finite,
  samples: finite,
});

export const ImplementationSchema = v.object({
  id: v.string(),
  model: v.string(),
  /** The concurrency model it stands for (servers/registry.ts), 'reference' for nginx and the lesson's server. */
  group: v.optional(v.picklist([...MODEL_GROUPS, 'reference'])),
  description: v.string(),
  parser: v.picklist(['core', 'runtime', 'reference']),
});

export const EnvironmentSchema = v.object({
  cpu: v.string(),
  cores: finite,
  memoryBytes: finite,
  os: v.string(),
  kernel: v.string(),
  runtimes: v.object({ node: v.string(), bun: v.nullable(v.string()), deno: v.nullable(v.string()) }),
  engine: v.object({ name: v.string(), version: v.string() }),
  git: v.object({ commit: v.nullable(v.string()), dirty: v.boolean() }),
  pinning: v.object({
    enabled: v.boolean(),
    serverCpus: v.nullable(v.string()),
    clientCpus: v.nullable(v.string()),
    /** Servers and load generator share CPUs (asked, or a machine too small): no figure is a scaling figure. */
    shared: v.optional(v.boolean()),
  }),
  date: v.string(),
  command: v.string(),
  /** The kernel's TCP congestion control the servers' connections had, and whether the run set it. */
  tcp: v.optional(v.object({ congestionControl: v.nullable(v.string()), setByRun: v.boolean() })),
  /**
   * The engine's ceiling here: small's load against a target that answers with prepared bytes and does
   * nothing else, at the start of the run; null where it could not run. Absent in files before it.
   */
  calibration: v.optional(
    v.nullable(
      v.object({
        requestsPerSec: finite,
        windows: v.array(finite),
        clientCpuPercent: nullableFinite,
        connections: finite,
        durationSec: finite,
      }),
    ),
  ),
});

const MethodSchema = v.object({
  durationSec: finite,
  /** Warm-up seconds before the repetitions: the cap of the adaptive warm-up. */
  warmupSec: finite,
  /** Repetitions of every ranked figure (the floor); `maxRepeats` where the interval was wide. */
  repeats: finite,
  maxRepeats: finite,
  /**
   * The adaptive warm-up: windows of `windowSec` until two in a row agree within `tolerance` (at least
   * `minWindows`, and `firstMinWindows` for a server process's first, at most `warmupSec`); null in files
   * written before it, and no `firstMinWindows` in those written before that.
   */
  warmup: v.nullable(
    v.object({
      windowSec: finite,
      tolerance: finite,
      minWindows: finite,
      firstMinWindows: v.optional(finite),
    }),
  ),
  /** The order of the targets in each round was shuffled with this seed (--seed reproduces it). */
  seed: v.nullable(finite),
  /** Scenarios a default run left out to keep its floor within the budget, and how to get them. */
  leftOut: v.array(v.picklist(SCENARIO_IDS)),
  scenarios: v.array(v.picklist(SCENARIO_IDS)),
  sweepConnections: v.array(finite),
  /** True when --quick chose the plan. */
  quick: v.boolean(),
  /** Estimated and actual wall time of the whole run, seconds. */
  plannedSec: v.optional(finite),
  elapsedSec: v.optional(finite),
});

export const ResultsSchema = v.object({
  version: v.literal(RESULTS_VERSION),
  runId: v.string(),
  /** False when the run was interrupted; what finished is still here. */
  complete: v.boolean(),
  environment: EnvironmentSchema,
  method: MethodSchema,
  implementations: v.array(ImplementationSchema),
  measurements: v.array(MeasurementSchema),
  micro: v.optional(v.array(MicroSchema)),
});

/** What every reader gets: nothing in a results file is changed once it is read. */
type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type Results = DeepReadonly<v.InferOutput<typeof ResultsSchema>>;
export type Measurement = Results['measurements'][number];
export type Repetition = Measurement['repetitions'][number];
export type Beside = NonNullable<Repetition['beside']>;
export type Latency = Measurement['latencyMs'];
export type Summary = Measurement['requestsPerSec'];
export type Interval = NonNullable<Summary['ci']>;
export type Probes = Measurement['probes'];
export type Environment = Results['environment'];
export type Method = Results['method'];
export type ImplementationInfo = Results['implementations'][number];
export type MicroResult = NonNullable<Results['micro']>[number];
export type Answer = NonNullable<Measurement['answer']>;

/** "results.measurements[2].latencyMs.p99: expected a number, got undefined" for valibot's first issue. */
export function describeIssue(issue: v.BaseIssue<unknown>, root = 'results'): string {
  let path = root;
  for (const step of issue.path ?? []) {
    path += typeof step.key === 'number' ? `[${step.key}]` : `.${String(step.key)}`;
  }
  const expected = issue.type === 'finite' ? 'a finite number' : (issue.expected ?? issue.type);
  return `${path}: expected ${expected}, got ${issue.received}`;
}

/** The parsed contents of a current results.json, checked field by field; or the first problem found. */
export function validateCurrent(value: unknown): Results | { error: string } {
  const parsed = v.safeParse(ResultsSchema, value, { abortEarly: true });
  if (parsed.success) return parsed.output as Results;
  return { error: describeIssue(parsed.issues[0]) };
}
