// What a run will measure and for how long, decided before anything starts so the total can be printed.
// Unless the user fixes them, duration, repetitions and warm-up are the longest that fit the time budget
// (10 minutes by default, 2 with --quick) for the number of targets found on this machine.

import type { ScenarioId } from '../results/schema.ts';
import type { BenchTarget } from '../targets/catalog.ts';
import { QUICK_PRIORITY, SCENARIO_ORDER, SCENARIOS, type Scenario, SWEEP_CONNECTIONS } from './scenarios.ts';

export interface Measurement {
  readonly target: BenchTarget;
  readonly scenario: Scenario;
  readonly connections: number;
  /**
   * Open loop (latency): the rate to offer, as a share of the target's closed-loop small throughput from
   * the same run, or as a fixed number of requests per second (--rates); null for a closed loop.
   */
  readonly rate: { readonly share: number } | { readonly perSec: number } | null;
}

export interface Timing {
  readonly durationSec: number;
  readonly repeats: number;
  readonly warmupSec: number;
}

export interface Plan {
  readonly measurements: readonly Measurement[];
  readonly timing: Timing;
  readonly estimatedSec: number;
  readonly budgetSec: number;
  readonly overBudget: boolean;
}

/** From the longest to the shortest; the planner takes the first that fits. */
const FULL_LADDER: readonly Timing[] = [
  { durationSec: 5, repeats: 3, warmupSec: 2 },
  { durationSec: 4, repeats: 3, warmupSec: 2 },
  { durationSec: 3, repeats: 3, warmupSec: 1 },
  { durationSec: 2, repeats: 3, warmupSec: 1 },
  { durationSec: 2, repeats: 2, warmupSec: 1 },
  { durationSec: 1, repeats: 3, warmupSec: 1 },
  { durationSec: 1, repeats: 2, warmupSec: 1 },
  { durationSec: 1, repeats: 2, warmupSec: 0 },
  { durationSec: 1, repeats: 1, warmupSec: 0 },
];
const QUICK_LADDER: readonly Timing[] = FULL_LADDER.slice(4);

/** The promised limits, with a margin for what the estimate does not see. */
export const FULL_BUDGET_SEC = 600;
export const QUICK_BUDGET_SEC = 120;
const BUDGET_MARGIN = 0.92;

/**
 * Seconds around a measurement besides the load itself: start, preflight, stop, pauses. Measured on a
 * 2-core machine at about 0.2 s (a Node server starts from its esbuild bundle); the estimates are about
 * 1.5 times that, so the promised limits hold on slower machines.
 */
function overheadSec(target: BenchTarget): number {
  if (target.kind === 'remote') return 0.1;
  if (target.kind === 'nginx' || target.kind === 'lesson') return 0.25;
  return 0.35;
}
/** Seconds each engine run adds to its nominal duration (connection set-up, the last partial second). */
const PER_RUN_OVERHEAD_SEC = 0.1;
/** Starting the load generator, collecting the environment, writing the report. */
const FIXED_OVERHEAD_SEC = 4;

/** Counts that replace a scenario's own, for a machine with fewer descriptors or a quicker look. */
export interface ScenarioScale {
  /** The idle scenario's idle connections. */
  readonly idleConnections?: number | null;
  /** The slowloris scenario's slow clients (stalled keeps its few). */
  readonly slowClients?: number | null;
}

function scaled(id: ScenarioId, scale: ScenarioScale): Scenario {
  const scenario = SCENARIOS[id];
  if (id === 'idle' && scale.idleConnections) return { ...scenario, idleConnections: scale.idleConnections };
  if (id === 'slowloris' && scale.slowClients) return { ...scenario, slowClients: scale.slowClients };
  return scenario;
}

export function listMeasurements(
  targets: readonly BenchTarget[],
  scenarioIds: readonly ScenarioId[],
  connections: number | null,
  rates: readonly number[] | null = null,
  scale: ScenarioScale = {},
): Measurement[] {
  const measurements: Measurement[] = [];
  for (const target of targets) {
    for (const id of scenarioIds) {
      const scenario = scaled(id, scale);
      const c = connections ?? scenario.connections;
      if (id === 'sweep') {
        for (const n of SWEEP_CONNECTIONS)
          measurements.push({ target, scenario, connections: n, rate: null });
      } else if (scenario.rateShares.length > 0) {
        const points =
          rates === null
            ? scenario.rateShares.map((share) => ({ share }))
            : rates.map((perSec) => ({ perSec }));
        for (const rate of points) measurements.push({ target, scenario, connections: c, rate });
      } else {
        measurements.push({ target, scenario, connections: c, rate: null });
      }
    }
  }
  return measurements;
}

/**
 * How long a request may go unanswered before it counts as a timeout: well inside a repetition, so a hung
 * server shows as timeouts rather than as a quiet run; never under half a second, never over two.
 */
export function requestTimeoutMs(durationSec: number): number {
  return Math.min(2000, Math.max(500, (durationSec * 1000) / 2));
}

/**
 * Each point of a curve (the sweep's connection counts, the latency scenario's rates) gets half the
 * repetitions: a curve is read as a whole, not ranked point by point.
 */
export function sweepRepeats(t: Timing): number {
  return Math.max(1, Math.floor(t.repeats / 2));
}

export function repeatsFor(m: Measurement, t: Timing): number {
  return m.scenario.id === 'sweep' || m.rate !== null ? sweepRepeats(t) : t.repeats;
}

/** Open-loop runs are never measured cold: a fresh server's first second would be every percentile's tail. */
const OPEN_LOOP_MIN_WARMUP_SEC = 1;

export function warmupFor(m: Measurement, t: Timing): number {
  return m.rate !== null ? Math.max(t.warmupSec, OPEN_LOOP_MIN_WARMUP_SEC) : t.warmupSec;
}

export function estimateSec(measurements: readonly Measurement[], t: Timing): number {
  let total = FIXED_OVERHEAD_SEC;
  for (const m of measurements) {
    const repeats = repeatsFor(m, t);
    const warmup = warmupFor(m, t);
    const runs = repeats + (warmup > 0 ? 1 : 0);
    total += warmup + repeats * t.durationSec + runs * PER_RUN_OVERHEAD_SEC + overheadSec(m.target);
  }
  return total;
}

export function makePlan(measurements: readonly Measurement[], fixed: FixedTiming, quick: boolean): Plan {
  const budgetSec = quick ? QUICK_BUDGET_SEC : FULL_BUDGET_SEC;
  const ladder = (quick ? QUICK_LADDER : FULL_LADDER).map((rung) => ({
    durationSec: fixed.durationSec ?? rung.durationSec,
    repeats: fixed.repeats ?? rung.repeats,
    warmupSec: fixed.warmupSec ?? rung.warmupSec,
  }));
  const fits = ladder.find((t) => estimateSec(measurements, t) <= budgetSec * BUDGET_MARGIN);
  const timing = fits ?? ladder[ladder.length - 1]!;
  const estimatedSec = estimateSec(measurements, timing);
  return { measurements, timing, estimatedSec, budgetSec, overBudget: estimatedSec > budgetSec };
}

type FixedTiming = { durationSec: number | null; repeats: number | null; warmupSec: number | null };

/**
 * --quick's scenarios: as many of QUICK_PRIORITY as fit in its budget with these targets, so a machine
 * with many runtimes still gets every target measured in small within two minutes.
 */
export function chooseQuickScenarios(
  targets: readonly BenchTarget[],
  connections: number | null,
  fixed: FixedTiming,
): ScenarioId[] {
  for (let count = QUICK_PRIORITY.length; count > 1; count--) {
    const chosen = QUICK_PRIORITY.slice(0, count);
    const ids = SCENARIO_ORDER.filter((id) => chosen.includes(id));
    if (!makePlan(listMeasurements(targets, ids, connections), fixed, true).overBudget) return ids;
  }
  return [QUICK_PRIORITY[0]!];
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
