// From repetitions to a measurement of results.json: medians over repetitions, with the flags that say
// how far its numbers can be trusted.
import {
  CLIENT_BOUND_SHARE,
  ENGINE_LAG_MAX_MS,
  ENGINE_LAG_SHARE,
  FLAGS,
  type Flag,
  RATE_HELD_SHARE,
  UNSTABLE_CV,
} from '../model/flags.ts';
import { SCENARIOS, type ScenarioId } from '../model/scenarios.ts';
import type { Answer, Latency, Measurement, Probes, Repetition } from '../model/schema.ts';
import { summarize } from './intervals.ts';
import { median, spread, sum } from './stats.ts';

function medianOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : median(known);
}

function medianLatency(reps: readonly Repetition[]): Latency {
  const of = (key: keyof Latency) => median(reps.map((r) => r.latencyMs[key]));
  return { p50: of('p50'), p90: of('p90'), p99: of('p99'), p999: of('p999'), max: of('max') };
}

/** Which target at which scenario point. */
export interface MeasurementIdentity {
  readonly target: string;
  readonly impl: string;
  readonly runtime: string;
  readonly scenario: ScenarioId;
  readonly connections: number;
  readonly durationSec: number;
  /** Open loop: the rate offered, and the share of the target's own throughput it was (null: given). */
  readonly offeredRate: number | null;
  readonly offeredShare: number | null;
  /** The cores scenario: how many of the servers' CPUs the server had; null elsewhere. */
  readonly serverCpus: number | null;
}

export interface MeasurementExtras {
  /** Flags decided outside the numbers: reference, remote, died, incomplete, start-failed... */
  readonly flags: readonly Flag[];
  /** The percentiles of every request of every repetition, from the engines' merged histograms, if they sent them. */
  readonly mergedLatency?: Latency | null;
  /** Cores' worth of CPU the load generator can use (for client-bound). */
  readonly clientCapacityCores: number;
  /** The engine's calibrated ceiling for this point's load, where it applies (small's); null elsewhere. */
  readonly ceiling?: number | null;
  readonly probes?: Probes;
  readonly stderr?: string;
  /** The request its answers were to and what each was held to, where the visit learned it. */
  readonly answer?: Answer;
}

/** Fewest per-second counts from which a lone repetition's spread is read. */
const MIN_SECONDS_FOR_SPREAD = 3;

/**
 * How much the ranked figure moved: over the repetitions, or within the one repetition there is (its
 * per-second counts); null when there is not enough data to tell. Where the scenario is ranked by bytes/s
 * a window holds a handful of whole big answers, whose count moves by one in five while the bytes do not.
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

/** Open loop: a repetition served less than was due in its window. */
export function rateNotHeld(rep: Repetition): boolean {
  return (
    rep.offered !== null && rep.offered > 0 && (rep.answered ?? rep.requests) < RATE_HELD_SHARE * rep.offered
  );
}

/** Open loop: the engine's own lateness is a fair part of the latency it measured (ENGINE_LAG_SHARE). */
export function engineLagged(rep: Repetition): boolean {
  const late = rep.engineLatenessMs;
  if (late === null) return false;
  return (
    late.p99 > ENGINE_LAG_SHARE * rep.latencyMs.p99 ||
    (late.max > ENGINE_LAG_MAX_MS && late.max > 2 * ENGINE_LAG_SHARE * rep.latencyMs.max)
  );
}

/** Flags the numbers themselves call for. */
export function measuredFlags(
  reps: readonly Repetition[],
  clientCapacityCores: number,
  byBytes = false,
  ceiling: number | null = null,
): Flag[] {
  const flags: Flag[] = [];
  if (reps.some(rateNotHeld)) flags.push('rate-not-held');
  if (reps.some(engineLagged)) flags.push('engine-lagged');
  if (reps.some((r) => r.wrongAnswers > 0)) flags.push('wrong-answers');
  if (reps.some((r) => r.errors + r.timeouts > 0)) flags.push('errors');
  const moved = variation(reps, byBytes);
  if (moved !== null && moved > UNSTABLE_CV) flags.push('unstable');
  const clientLoad = medianOrNull(reps.map(clientCoreLoad));
  // The client's cores were saturated, or the figure is as high as the engine itself can go here.
  const nearCeiling =
    ceiling !== null &&
    reps.length > 0 &&
    median(reps.map((r) => r.requestsPerSec)) >= CLIENT_BOUND_SHARE * ceiling;
  if ((clientLoad !== null && clientLoad >= CLIENT_BOUND_SHARE * 100 * clientCapacityCores) || nearCeiling)
    flags.push('client-bound');
  return flags;
}

/**
 * Connections opened per answer, over the repetitions whose engine counted them: the server's keep-alive
 * as this load saw it. null when no repetition counted, or nothing was answered.
 */
export function connectionsPerRequest(reps: readonly Repetition[]): number | null {
  const counted = reps.filter((r) => r.connectionsOpened != null);
  const answers = sum(counted.map((r) => r.requests));
  return counted.length === 0 || answers === 0
    ? null
    : sum(counted.map((r) => r.connectionsOpened ?? 0)) / answers;
}

/** Requests served per server CPU-second, per repetition; the median of those. */
function requestsPerCpuSecond(reps: readonly Repetition[]): number | null {
  return medianOrNull(
    reps.map((r) =>
      r.serverCpuSeconds !== null && r.serverCpuSeconds > 0 ? r.requests / r.serverCpuSeconds : null,
    ),
  );
}

export function toMeasurement(
  identity: MeasurementIdentity,
  reps: readonly Repetition[],
  extras: MeasurementExtras,
): Measurement {
  const byBytes = SCENARIOS[identity.scenario].rankedBy === 'bytes';
  const flagSet = new Set<Flag>([
    ...extras.flags,
    ...measuredFlags(reps, extras.clientCapacityCores, byBytes, extras.ceiling ?? null),
  ]);
  const rssPeaks = reps.map((r) => r.serverRssPeakBytes).filter((v): v is number => v !== null);
  return {
    ...identity,
    repetitions: reps,
    requestsPerSec: summarize(reps.map((r) => r.requestsPerSec)),
    bytesPerSec: summarize(reps.map((r) => r.bytesPerSec)),
    latencyMs:
      extras.mergedLatency ??
      (reps.length > 0 ? medianLatency(reps) : { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 }),
    latencySource: extras.mergedLatency ? 'merged histograms' : 'median of repetitions',
    errors: sum(reps.map((r) => r.errors)),
    timeouts: sum(reps.map((r) => r.timeouts)),
    non2xx: sum(reps.map((r) => r.non2xx)),
    server: {
      cpuPercent: medianOrNull(reps.map((r) => r.serverCpuPercent)),
      rssPeakBytes: rssPeaks.length > 0 ? Math.max(...rssPeaks) : null,
      requestsPerCpuSecond: requestsPerCpuSecond(reps),
    },
    client: { cpuPercent: medianOrNull(reps.map((r) => r.clientCpuPercent)) },
    connectionsPerRequest: connectionsPerRequest(reps),
    ...(extras.answer ? { answer: extras.answer } : {}),
    vsReference: null,
    probes: extras.probes ?? {},
    flags: FLAGS.filter((f) => flagSet.has(f)),
    ...(extras.stderr ? { stderr: extras.stderr } : {}),
  };
}
