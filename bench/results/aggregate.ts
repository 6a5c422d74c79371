// From repetitions to a measurement of results.json: medians over repetitions, with the flags that say
// how far its numbers can be trusted.
import { CLIENT_BOUND_SHARE, FLAGS, type Flag, UNSTABLE_CV } from '../model/flags.ts';
import { SCENARIOS, type ScenarioId } from '../model/scenarios.ts';
import type { Latency, Measurement, Probes, Repetition } from '../model/schema.ts';
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
}

export interface MeasurementExtras {
  /** Flags decided outside the numbers: reference, remote, died, incomplete, start-failed... */
  readonly flags: readonly Flag[];
  /** Cores' worth of CPU the load generator can use (for client-bound). */
  readonly clientCapacityCores: number;
  readonly probes?: Probes;
  readonly stderr?: string;
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
    ...measuredFlags(reps, extras.clientCapacityCores, byBytes),
  ]);
  const rssPeaks = reps.map((r) => r.serverRssPeakBytes).filter((v): v is number => v !== null);
  return {
    ...identity,
    repetitions: reps,
    requestsPerSec: summarize(reps.map((r) => r.requestsPerSec)),
    bytesPerSec: summarize(reps.map((r) => r.bytesPerSec)),
    latencyMs: reps.length > 0 ? medianLatency(reps) : { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 },
    errors: sum(reps.map((r) => r.errors)),
    timeouts: sum(reps.map((r) => r.timeouts)),
    non2xx: sum(reps.map((r) => r.non2xx)),
    server: {
      cpuPercent: medianOrNull(reps.map((r) => r.serverCpuPercent)),
      rssPeakBytes: rssPeaks.length > 0 ? Math.max(...rssPeaks) : null,
      requestsPerCpuSecond: requestsPerCpuSecond(reps),
    },
    client: { cpuPercent: medianOrNull(reps.map((r) => r.clientCpuPercent)) },
    vsReference: null,
    probes: extras.probes ?? {},
    flags: FLAGS.filter((f) => flagSet.has(f)),
    ...(extras.stderr ? { stderr: extras.stderr } : {}),
  };
}
