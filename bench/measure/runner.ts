// Runs the plan one visit after another (never two at once: they would share the cores): the floor's
// rounds for every target, then, while the budget allows, more rounds for the targets whose intervals are
// still wide, each with the reference beside them so their ratios stay paired. Stops early, keeping what
// finished, when the signal is aborted.
import type { LoadEngine } from '../engines/types.ts';
import { rankedPerRepetition } from '../model/figures.ts';
import type { Flag } from '../model/flags.ts';
import { isRanked, SCENARIO_IDS, SCENARIOS, type ScenarioId } from '../model/scenarios.ts';
import type { Answer, Measurement, Probes, Repetition } from '../model/schema.ts';
import { type Plan, type Point, roundVisits, type Visit, visitSec } from '../plan/plan.ts';
import { measuredFlags, toMeasurement } from '../results/aggregate.ts';
import { mergedLatency } from '../results/histograms.ts';
import { relativeHalfWidth, summarize } from '../results/intervals.ts';
import { besideRatios, withReferenceRatios } from '../results/reference.ts';
import { median } from '../results/stats.ts';
import type { BenchTarget } from '../targets/catalog.ts';
import { implAndRuntime } from '../targets/catalog.ts';
import type { StartContext } from '../targets/start.ts';
import type { SideBySide } from './beside.ts';
import { measureVisit, type PointOutcome, type VisitProgress } from './visit.ts';

export interface RunnerProgress extends VisitProgress {
  /** A visit begins: its round, its place among the visits planned so far, and what it measures. */
  beginVisit(visit: Visit, index: number, total: number): void;
  /** A point of the visit ended, with what it gave. */
  pointDone(visit: Visit, outcome: PointOutcome): void;
  /** A side-by-side window could not be taken, and why. */
  besideSkipped?(visit: Visit, point: Point, why: string): void;
  /** A round of extra repetitions is added for these targets. */
  extraRound(round: number, targets: readonly string[]): void;
}

export interface RunnerSetup {
  readonly plan: Plan;
  readonly engine: LoadEngine;
  readonly start: StartContext;
  readonly progress: RunnerProgress;
  /** When the run must be done by (performance.now() milliseconds): extra rounds stop before it. */
  readonly deadlineMs: number;
  /** Servers and load generator share CPUs: every figure says so (shared-cpus). */
  readonly sharedCpus?: boolean;
  /** The reference the ranked points are measured beside, both loaded at once; null or absent: not. */
  readonly beside?: SideBySide | null;
  /** The engine's calibrated ceiling (small's load, at its connections), where it was measured. */
  readonly calibration?: { readonly requestsPerSec: number; readonly connections: number } | null;
}

export interface RunnerOutcome {
  readonly measurements: readonly Measurement[];
  /** Each measurement's repetitions' histograms, where the engine sent them, by measurement (same order). */
  readonly histograms: readonly (readonly string[])[];
  readonly complete: boolean;
  /** Rounds run in all, the extra ones included. */
  readonly rounds: number;
}

/** An interval wider than ± this share of its mean earns a target more rounds, while the budget allows. */
export const WIDE_INTERVAL = 0.05;

export function pointKey(point: Point): string {
  const cpus = point.serverCpus === null ? '' : `/${point.serverCpus}cpu`;
  const rate =
    point.rate === null ? '' : 'share' in point.rate ? `@${point.rate.share}` : `@${point.rate.perSec}/s`;
  return `${point.scenario.id}:${point.connections}${rate}${cpus}`;
}

/** Everything seen for one target at one point, over its visits. */
interface Collected {
  readonly target: BenchTarget;
  readonly point: Point;
  readonly repetitions: Repetition[];
  readonly flags: Set<Flag>;
  readonly stderr: string[];
  readonly probes: Probes[];
  readonly histograms: string[];
  offeredRate: number | null;
  clientCapacityCores: number;
  answer?: Answer;
}

/**
 * The answer a measurement's repetitions were held to: each visit learns its own, and where one of them saw
 * the bytes change between two asks, the measurement was held to status and lengths.
 */
export function mergedAnswer(known: Answer | undefined, next: Answer | undefined): Answer | undefined {
  if (known === undefined || next === undefined) return known ?? next;
  return next.checked === 'length' ? { ...known, checked: 'length' } : known;
}

/** The probes of several repetitions as one: counts summed, sizes and costs their median. */
export function mergeProbes(list: readonly Probes[]): Probes {
  const merged: { -readonly [K in keyof Probes]: Probes[K] } = {};
  const timeWait = list.flatMap((p) => (p.timeWait ? [p.timeWait] : []));
  if (timeWait.length > 0) {
    merged.timeWait = {
      server: median(timeWait.map((t) => t.server)),
      client: median(timeWait.map((t) => t.client)),
    };
  }
  const slow = list.flatMap((p) => (p.slowClients ? [p.slowClients] : []));
  if (slow.length > 0) {
    merged.slowClients = {
      count: slow[0]!.count,
      byteIntervalMs: slow[0]!.byteIntervalMs,
      completed: slow.reduce((n, s) => n + s.completed, 0),
      cut: slow.reduce((n, s) => n + (s.cut ?? 0), 0),
    };
  }
  const idle = list.flatMap((p) => (p.idleMemory ? [p.idleMemory] : []));
  if (idle.length > 0) {
    const med = (pick: (i: (typeof idle)[number]) => number | null) => {
      const known = idle.map(pick).filter((v): v is number => v !== null);
      return known.length === 0 ? null : median(known);
    };
    merged.idleMemory = {
      connections: idle[0]!.connections,
      stillOpen: Math.min(...idle.map((i) => i.stillOpen)),
      rssBeforeBytes: med((i) => i.rssBeforeBytes),
      rssAfterBytes: med((i) => i.rssAfterBytes),
      rssPerIdleConnectionBytes: med((i) => i.rssPerIdleConnectionBytes),
    };
  }
  const workers = list.flatMap((p) => (p.workers ? [p.workers.connections] : []));
  if (workers.length > 0) {
    const sums = new Array<number>(Math.max(...workers.map((w) => w.length))).fill(0);
    for (const w of workers) {
      w.forEach((n, i) => {
        sums[i]! += n;
      });
    }
    merged.workers = { connections: sums };
  }
  const downloads = list.flatMap((p) => (p.downloads ? [p.downloads] : []));
  if (downloads.length > 0) {
    merged.downloads = {
      ...downloads[0]!,
      clients: downloads.reduce((n, d) => n + d.clients, 0),
      exact: downloads.reduce((n, d) => n + d.exact, 0),
      rangeExact: downloads.every((d) => d.rangeExact === true)
        ? true
        : downloads.some((d) => d.rangeExact === false)
          ? false
          : null,
    };
  }
  return merged;
}

export async function runPlan({
  plan,
  engine,
  start,
  progress,
  deadlineMs,
  calibration = null,
  sharedCpus = false,
  beside = null,
}: RunnerSetup): Promise<RunnerOutcome> {
  const runFlags: Flag[] = sharedCpus ? ['shared-cpus'] : [];
  const collected = new Map<string, Collected>();
  const signal = start.signal;
  // A target that did not start is not tried again: it would only fail slowly again.
  const gaveUp = new Set<string>();
  // Open-loop shares are of the target's first measured figure in the scenario they name, in this run.
  const firstFigure = new Map<string, number>();
  const rateOf = (targetName: string, point: Point): number | null | { why: string } => {
    if (point.rate === null) return null;
    if ('perSec' in point.rate) return point.rate.perSec;
    const of = point.scenario.points.kind === 'rates' ? point.scenario.points.of : 'small';
    const base = firstFigure.get(`${targetName}\u0000${of}`);
    if (base === undefined || base <= 0) {
      return {
        why: `not measured: this scenario offers shares of the target's ${of} throughput, and ${of} has no figure for it in this run (measure ${of} too, or give --rates)`,
      };
    }
    return Math.max(1, Math.round(base * point.rate.share));
  };

  const record = (visit: Visit, outcome: PointOutcome) => {
    const key = `${visit.target.name}\u0000${pointKey(outcome.point)}`;
    let entry = collected.get(key);
    if (entry === undefined) {
      entry = {
        target: visit.target,
        point: outcome.point,
        repetitions: [],
        flags: new Set(),
        stderr: [],
        probes: [],
        histograms: [],
        offeredRate: outcome.offeredRate,
        clientCapacityCores: outcome.clientCapacityCores,
      };
      collected.set(key, entry);
    }
    for (const flag of outcome.flags) entry.flags.add(flag);
    if (outcome.stderr && !entry.stderr.includes(outcome.stderr)) entry.stderr.push(outcome.stderr);
    entry.probes.push(outcome.probes);
    const answer = mergedAnswer(entry.answer, outcome.answer);
    if (answer !== undefined) entry.answer = answer;
    if (outcome.repetition !== null) {
      entry.repetitions.push(outcome.repetition);
      if (outcome.histogram !== undefined) entry.histograms.push(outcome.histogram);
      const figureKey = `${visit.target.name}\u0000${outcome.point.scenario.id}`;
      if (!firstFigure.has(figureKey) && outcome.point.rate === null)
        firstFigure.set(figureKey, outcome.repetition.requestsPerSec);
    }
    if (outcome.flags.includes('start-failed')) gaveUp.add(visit.target.name);
  };

  const visitsPerRound = (targets: readonly BenchTarget[]) =>
    targets.reduce((n, t) => n + (plan.groups.get(t.name)?.length ?? 0), 0);
  let visitIndex = 0;
  let plannedVisits = visitsPerRound(plan.targets) * plan.rounds;
  const floorVisits = plannedVisits;
  const runRound = async (round: number, targets: readonly BenchTarget[]): Promise<boolean> => {
    for (const visit of roundVisits(plan, round, targets)) {
      if (signal.aborted) return false;
      if (gaveUp.has(visit.target.name)) continue;
      progress.beginVisit(visit, ++visitIndex, plannedVisits);
      // The floor's rounds share the time left over the floor's visits; an extra round over its own, so that
      // a warm-up that does not settle cannot carry the run past its budget.
      const visitsLeft = round <= plan.rounds ? floorVisits - visitIndex + 1 : plannedVisits - visitIndex + 1;
      const timing = budgetedTiming(plan, visit, visitsLeft, deadlineMs);
      const pointDone = (v: Visit, outcome: PointOutcome) => {
        record(v, outcome);
        progress.pointDone(v, outcome);
      };
      const workersServed = (v: Visit, connections: readonly number[]) => {
        for (const point of v.points)
          collected
            .get(`${v.target.name}\u0000${pointKey(point)}`)
            ?.probes.push({ workers: { connections } });
      };
      const outcomes = await measureVisit(visit, {
        engine,
        timing,
        start,
        progress,
        rateOf,
        pointDone,
        runFlags,
        workersServed,
        beside,
        besideSkipped: (v, point, why) => progress.besideSkipped?.(v, point, why),
      });
      if (outcomes === null) return false;
    }
    return !signal.aborted;
  };

  let rounds = 0;
  let complete = true;
  for (let round = 1; round <= plan.rounds; round++) {
    rounds = round;
    if (!(await runRound(round, plan.targets))) {
      complete = false;
      break;
    }
  }

  // More rounds for the targets whose ranked intervals are still wide, with the reference beside them: all
  // of them while the budget holds a round of them all, then the widest that fit in what is left.
  const reference = plan.targets.find((t) => t.kind === 'nginx');
  const costOf = (targets: readonly BenchTarget[]) =>
    targets.reduce(
      (sum, t) => sum + (plan.groups.get(t.name) ?? []).reduce((s, g) => s + visitSec(t, g, plan.timing), 0),
      0,
    );
  const roundsEntries = (target: BenchTarget): RoundsEntry[] =>
    [...collected.values()]
      .filter((e) => e.target === target && isRanked(e.point.scenario))
      .map((e) => ({
        scenario: e.point.scenario.id,
        repetitions: e.repetitions,
        clientBound: measuredFlags(
          e.repetitions,
          e.clientCapacityCores,
          e.point.scenario.rankedBy === 'bytes',
          ceilingFor(e.point, calibration),
        ).includes('client-bound'),
      }));
  while (complete && rounds < plan.maxRepeats) {
    const wide = plan.targets
      .filter((t) => t !== reference && !gaveUp.has(t.name))
      .map((t) => ({ target: t, width: widthForMoreRounds(roundsEntries(t)) }))
      .filter((w) => w.width > WIDE_INTERVAL)
      .sort((a, b) => b.width - a.width);
    if (wide.length === 0) break;
    const yardstick = reference && !gaveUp.has(reference.name) ? [reference] : [];
    const chosen: BenchTarget[] = [];
    for (const { target } of wide) {
      if (performance.now() + costOf([...chosen, target, ...yardstick]) * 1000 <= deadlineMs)
        chosen.push(target);
    }
    if (chosen.length === 0) break;
    const targets = [...chosen, ...yardstick];
    rounds++;
    progress.extraRound(
      rounds,
      targets.map((t) => t.name),
    );
    plannedVisits = visitIndex + visitsPerRound(targets);
    if (!(await runRound(rounds, targets))) complete = false;
  }

  // In the plan's order (targets, then scenarios and their points), whatever order the rounds took.
  const order = (e: Collected) => [
    plan.targets.indexOf(e.target),
    SCENARIO_IDS.indexOf(e.point.scenario.id),
    e.point.connections,
    e.point.rate === null ? 0 : 'share' in e.point.rate ? e.point.rate.share : e.point.rate.perSec,
    e.point.serverCpus ?? 0,
  ];
  const sorted = [...collected.values()].sort((a, b) => {
    const x = order(a);
    const y = order(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  });
  const measurements = sorted.map((entry) =>
    toMeasurementOf(entry, plan, signal.aborted, ceilingFor(entry.point, calibration)),
  );
  return {
    measurements: withReferenceRatios(measurements),
    histograms: sorted.map((entry) => entry.histograms),
    complete: complete && !signal.aborted,
    rounds,
  };
}

/**
 * The floor's rounds must all fit the budget whatever the warm-ups take: each visit may spend on warm-up
 * what its share of the time left allows beyond its windows, at least the rule's minimum, at most its cap.
 * A warm-up cut short is recorded as not settled, so the report says so.
 */
export function budgetedTiming(
  plan: Plan,
  visit: Visit,
  visitsLeft: number,
  deadlineMs: number,
): Plan['timing'] {
  const rule = plan.timing.warmup;
  if (rule.maxSec === 0) return plan.timing;
  const share = (deadlineMs - performance.now()) / 1000 / Math.max(1, visitsLeft);
  const windows = visitSec(
    visit.target,
    { points: visit.points, idleTimeoutMs: visit.idleTimeoutMs, serverCpus: visit.serverCpus },
    { ...plan.timing, warmup: { ...rule, maxSec: 0 } },
  );
  const perPoint = (share - windows) / Math.max(1, visit.points.length);
  // Never below what a process's first warm-up takes at least.
  const floor = Math.max(rule.minWindows, rule.firstMinWindows) * rule.windowSec;
  const maxSec = Math.min(rule.maxSec, Math.max(floor, perPoint));
  return { ...plan.timing, warmup: { ...rule, maxSec } };
}

/** Just wider than WIDE_INTERVAL: a target that earns more rounds only after every measured wide one. */
const BARELY_WIDE = WIDE_INTERVAL * 1.001;

/** What the choice of targets for more rounds reads of one ranked point: its repetitions, and whether the engine was its limit. */
export interface RoundsEntry {
  readonly scenario: ScenarioId;
  readonly repetitions: readonly Repetition[];
  readonly clientBound: boolean;
}

/**
 * How wide a target's intervals still are where more rounds would narrow what the run reports, as a
 * share of the mean (0.05: ± 5 %), the widest over its ranked points: of its side-by-side ratio to the
 * reference where it has one, since that is the figure compared from run to run (its own figure's
 * interval there is mostly the machine's drift: CV 17 % against 5 % in docs/performance.md, so it made
 * nearly every target as wide as the next); else of its figure. A client-bound point without a measured
 * ratio counts only while its side-by-side windows are still taken, and then as barely wide: its figure
 * is the engine's limit, and more rounds would not make it a measurement, but they may give its ratio the
 * two usable windows it lacks (on 2 cores, async@node's small in the CI recipe's --quick run). 0 when
 * none has an interval yet.
 */
export function widthForMoreRounds(entries: readonly RoundsEntry[]): number {
  let widest = 0;
  for (const entry of entries) {
    if (entry.repetitions.length < 2) continue;
    const ratios = besideRatios(entry);
    let width: number | null;
    if (ratios.length >= 2) width = relativeHalfWidth(summarize(ratios));
    else if (!entry.clientBound) width = relativeHalfWidth(summarize(rankedPerRepetition(entry)));
    // A client-bound figure's ratio can still become a measurement while side-by-side windows are taken
    // (its latest repetition has one: the windows the engines limited are left out of the ratio). It
    // comes after every measured interval that is wide, for what the budget has left.
    else if (entry.repetitions.at(-1)?.beside !== undefined) width = BARELY_WIDE;
    else continue;
    if (width !== null && width > widest) widest = width;
  }
  return widest;
}

/** The calibrated ceiling applies where the load is the calibration's: small's request, keep-alive, closed loop, as many connections. */
export function ceilingFor(point: Point, calibration: RunnerSetup['calibration']): number | null {
  if (calibration == null) return null;
  const same =
    point.scenario.path === SCENARIOS.small.path &&
    !point.scenario.closeEachRequest &&
    point.rate === null &&
    point.connections === calibration.connections;
  return same ? calibration.requestsPerSec : null;
}

function toMeasurementOf(
  entry: Collected,
  plan: Plan,
  interrupted: boolean,
  ceiling: number | null,
): Measurement {
  const flags = [...entry.flags];
  if (interrupted && entry.repetitions.length < plan.rounds && entry.repetitions.length > 0)
    flags.push('incomplete');
  return toMeasurement(
    {
      target: entry.target.name,
      ...implAndRuntime(entry.target),
      scenario: entry.point.scenario.id,
      connections: entry.point.connections,
      durationSec: plan.timing.durationSec,
      offeredRate: entry.offeredRate,
      offeredShare: entry.point.rate !== null && 'share' in entry.point.rate ? entry.point.rate.share : null,
      serverCpus: entry.point.serverCpus,
    },
    // In the order of their rounds, whatever order the visits came in.
    [...entry.repetitions].sort((a, b) => a.round - b.round),
    {
      flags,
      clientCapacityCores: entry.clientCapacityCores,
      ceiling,
      // From every request of every repetition, where each repetition sent its histogram.
      mergedLatency:
        entry.histograms.length > 0 && entry.histograms.length === entry.repetitions.length
          ? mergedLatency(entry.histograms)
          : null,
      probes: mergeProbes(entry.probes),
      ...(entry.stderr.length > 0 ? { stderr: entry.stderr.join('\n') } : {}),
      ...(entry.answer !== undefined ? { answer: entry.answer } : {}),
    },
  );
}
