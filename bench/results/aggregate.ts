// From what the engine and the sampler saw to the figures in results.json: one repetition at a time,
// then a run (medians over repetitions) with the flags that say how far its numbers can be trusted.
import type { LoadOutcome } from '../engines/types.ts';
import type { Measurement } from '../plan/plan.ts';
import type { ResourceUsage } from '../proc/sampler.ts';
import { implAndRuntime } from '../targets/catalog.ts';
import { BY_BYTES, FLAGS, type Flag, type Latency, type Repetition, type Run } from './schema.ts';
import { median, spread, sum } from './stats.ts';

/** Above this coefficient of variation of the figure across repetitions, a run is flagged unstable. */
export const UNSTABLE_CV = 0.1;
/** The load generator counts as saturated at this share of the cores it can use. */
export const CLIENT_BOUND_SHARE = 0.9;

/**
 * One repetition's figures. `harnessCpuSeconds`: what the harness itself used meanwhile on the client
 * cores. The engine's CPU comes from its own accounting when it has one (the whole run, to its exit);
 * the sampler's figure misses the end of a run that exits between two samples.
 */
export function toRepetition(
  outcome: LoadOutcome,
  usage: ResourceUsage,
  harnessCpuSeconds: number | null = null,
): Repetition {
  const seconds = outcome.elapsedSec > 0 ? outcome.elapsedSec : 1;
  const percent = (cpu: number | null) => (cpu === null ? null : (cpu / seconds) * 100);
  return {
    requestsPerSec: outcome.requests / seconds,
    bytesPerSec: outcome.bytes / seconds,
    perSecond: outcome.perSecond,
    latencyMs: outcome.latencyMs,
    errors: outcome.errors,
    timeouts: outcome.timeouts,
    non2xx: outcome.non2xx,
    wrongAnswers: outcome.wrongAnswers,
    serverCpuPercent: usage.serverCpuPercent,
    serverCpuSeconds: usage.serverCpuSeconds,
    serverRssPeakBytes: usage.serverRssPeakBytes,
    clientCpuPercent: percent(outcome.clientCpuSeconds) ?? usage.clientCpuPercent,
    harnessCpuPercent: percent(harnessCpuSeconds),
    requests: outcome.requests,
    elapsedSec: outcome.elapsedSec,
    ...(outcome.timeline ? { timeline: outcome.timeline } : {}),
  };
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : median(known);
}

function medianLatency(reps: readonly Repetition[]): Latency {
  const of = (key: keyof Latency) => median(reps.map((r) => r.latencyMs[key]));
  return { p50: of('p50'), p90: of('p90'), p99: of('p99'), p999: of('p999'), max: of('max') };
}

export interface RunExtras {
  /** Flags decided outside the numbers: reference, remote, died, incomplete, start-failed... */
  readonly flags: readonly Flag[];
  /** Cores' worth of CPU the load generator can use (for client-bound). */
  readonly clientCapacityCores: number;
  readonly timeWait?: { readonly server: number; readonly client: number };
  readonly slowClients?: NonNullable<Run['slowClients']>;
  readonly idle?: NonNullable<Run['idle']>;
  readonly stderr?: string;
  /** Open loop: the rate offered. */
  readonly offeredRate?: number | null;
  /** latency scenario: the share of the target's small throughput offered. */
  readonly offeredShare?: number;
}

/** Fewest per-second counts from which a lone repetition's spread is read. */
const MIN_SECONDS_FOR_SPREAD = 3;

/**
 * How much the figure moved: over the repetitions, or within the one repetition there is (its per-second
 * counts); null when there is not enough data to tell. The figure is bytes/s where the scenario is ranked
 * by it: there a 3-second window holds a handful of whole 256 MiB answers, and their count moves by one
 * answer in five while the bytes do not.
 */
export function variation(reps: readonly Repetition[], byBytes = false): number | null {
  if (reps.length >= 2) return spread(reps.map((r) => (byBytes ? r.bytesPerSec : r.requestsPerSec))).cv;
  // One repetition: the per-second counts are of whole answers, which say nothing of bytes.
  if (byBytes) return null;
  const seconds = reps[0]?.perSecond ?? [];
  return seconds.length >= MIN_SECONDS_FOR_SPREAD ? spread(seconds).cv : null;
}

/** What the client cores were busy with: the engine plus the harness beside it, % of one core. */
export function clientCoreLoad(rep: Repetition): number | null {
  if (rep.clientCpuPercent === null) return null;
  return rep.clientCpuPercent + (rep.harnessCpuPercent ?? 0);
}

/** Flags the numbers themselves call for. */
export function measuredFlags(
  reps: readonly Repetition[],
  clientCapacityCores: number,
  byBytes = false,
): Flag[] {
  const flags: Flag[] = [];
  if (reps.some((r) => r.wrongAnswers > 0)) flags.push('wrong-answers');
  if (reps.some((r) => r.errors + r.timeouts > 0)) flags.push('errors');
  const moved = variation(reps, byBytes);
  if (moved !== null && moved > UNSTABLE_CV) flags.push('unstable');
  const clientLoad = medianOrNull(reps.map(clientCoreLoad));
  if (clientLoad !== null && clientLoad >= CLIENT_BOUND_SHARE * 100 * clientCapacityCores)
    flags.push('client-bound');
  return flags;
}

/** Requests served per server CPU-second, per repetition; the median of those. */
function requestsPerCpuSecond(reps: readonly Repetition[]): number | null {
  return medianOrNull(
    reps.map((r) =>
      r.requests !== undefined && r.serverCpuSeconds != null && r.serverCpuSeconds > 0
        ? r.requests / r.serverCpuSeconds
        : null,
    ),
  );
}

export function toRun(
  m: Measurement,
  durationSec: number,
  reps: readonly Repetition[],
  extras: RunExtras,
): Run {
  const flagSet = new Set<Flag>([
    ...extras.flags,
    ...measuredFlags(reps, extras.clientCapacityCores, BY_BYTES.includes(m.scenario.id)),
  ]);
  const rssPeaks = reps.map((r) => r.serverRssPeakBytes).filter((v): v is number => v !== null);
  return {
    target: m.target.name,
    ...implAndRuntime(m.target),
    scenario: m.scenario.id,
    connections: m.connections,
    durationSec,
    repetitions: reps,
    requestsPerSec: spread(reps.map((r) => r.requestsPerSec)),
    latencyMs: reps.length > 0 ? medianLatency(reps) : { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 },
    bytesPerSec: reps.length > 0 ? median(reps.map((r) => r.bytesPerSec)) : 0,
    errors: sum(reps.map((r) => r.errors)),
    timeouts: sum(reps.map((r) => r.timeouts)),
    non2xx: sum(reps.map((r) => r.non2xx)),
    server: {
      cpuPercent: medianOrNull(reps.map((r) => r.serverCpuPercent)),
      rssPeakBytes: rssPeaks.length > 0 ? Math.max(...rssPeaks) : null,
      requestsPerCpuSecond: requestsPerCpuSecond(reps),
    },
    offeredRate: extras.offeredRate ?? null,
    client: { cpuPercent: medianOrNull(reps.map((r) => r.clientCpuPercent)) },
    ...(extras.timeWait ? { timeWait: extras.timeWait.server, timeWaitClient: extras.timeWait.client } : {}),
    ...(extras.slowClients ? { slowClients: extras.slowClients } : {}),
    ...(extras.idle ? { idle: extras.idle } : {}),
    ...(extras.offeredShare !== undefined ? { offeredShare: extras.offeredShare } : {}),
    flags: FLAGS.filter((f) => flagSet.has(f)),
    ...(extras.stderr ? { stderr: extras.stderr } : {}),
  };
}
