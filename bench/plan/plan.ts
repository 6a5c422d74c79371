// What a run will measure, in which order and for how long, decided before anything starts so the total
// can be printed. The unit of work is a visit: one server process, started for one target in one round,
// warmed up, then measured once at each of its points. A round visits every target once, in an order
// shuffled with a recorded seed, so the machine's drift spreads over every target instead of landing on
// a few; each repetition of a figure comes from a round of its own, hence from a fresh process.
//
// The floor: every ranked figure comes from a warmed-up server and at least FLOOR_REPEATS repetitions.
// When the budget cannot hold every scenario at the floor, a default run measures fewer scenarios (the
// core set first) rather than all of them worse, and says what it left out.
import { isRanked, SCENARIO_IDS, SCENARIOS, type Scenario, type ScenarioId } from '../model/scenarios.ts';
import type { BenchTarget } from '../targets/catalog.ts';

export interface Point {
  readonly scenario: Scenario;
  readonly connections: number;
  /**
   * Open loop: the rate to offer, as a share of the target's closed-loop throughput in another scenario of
   * the same run, or as a fixed number of requests per second (--rates); null for a closed loop.
   */
  readonly rate: { readonly share: number } | { readonly perSec: number } | null;
  /** The cores scenario: how many of the servers' CPUs the server gets (and is sized to); null: all of them. */
  readonly serverCpus: number | null;
}

export interface Visit {
  readonly target: BenchTarget;
  readonly round: number;
  /** Measured one after the other in one server process, each after its own warm-up. */
  readonly points: readonly Point[];
  /** The server's idle timeout, where a scenario needs its own (idle); null for the server's default. */
  readonly idleTimeoutMs: number | null;
  /** The CPUs the server is pinned to, where a point asks for fewer than all (cores); null: the run's. */
  readonly serverCpus: string | null;
}

export interface WarmupRule {
  /** Length of each warm-up window. */
  readonly windowSec: number;
  /** Two windows in a row within this share of each other: the server has settled. */
  readonly tolerance: number;
  readonly minWindows: number;
  /**
   * At least this many windows for a server process's first warm-up (within the cap): V8 and JSC tier up
   * in steps, and two windows on one tier's plateau agree within the tolerance while the next tier is
   * still to come. Measured over four default runs: JIT targets whose warm-up stopped after 2-3 windows
   * had 11-17 % of their side-by-side ratios below 0.9 of the target's median, against 7 % after 4 or
   * more; async@deno once stopped at 23.7k and 23.4k req/s and measured 25k, its other processes 45-65k.
   */
  readonly firstMinWindows: number;
  /** The cap: a server still moving after this long is measured anyway, and recorded as not settled. */
  readonly maxSec: number;
}

export interface Timing {
  /** Length of each measurement window (a repetition). */
  readonly durationSec: number;
  readonly warmup: WarmupRule;
  /**
   * Each point besideApplies to gets a second window of the same length, with the reference loaded beside
   * the target (bench/measure/beside.ts); absent or false: not.
   */
  readonly beside?: boolean;
}

export interface Plan {
  readonly targets: readonly BenchTarget[];
  readonly scenarios: readonly ScenarioId[];
  /** Scenarios of the full set a default run left out to keep the floor within the budget. */
  readonly leftOut: readonly ScenarioId[];
  /** Each target's points, grouped by the server process that measures them (one visit each per round). */
  readonly groups: ReadonlyMap<string, readonly VisitGroup[]>;
  /** Rounds every target gets: the floor, or what --repeats asked. */
  readonly rounds: number;
  /** More rounds, up to this many, for targets whose intervals are wide, while the budget allows. */
  readonly maxRepeats: number;
  readonly timing: Timing;
  readonly seed: number;
  /** The estimate for the floor's rounds alone, and the budget the run keeps to. */
  readonly estimatedSec: number;
  readonly budgetSec: number;
  readonly overBudget: boolean;
}

/** Points that share a server process. */
export interface VisitGroup {
  readonly points: readonly Point[];
  readonly idleTimeoutMs: number | null;
  /** A taskset list of fewer CPUs than the run's servers have (the cores scenario); null: the run's. */
  readonly serverCpus: string | null;
}

/** Every ranked figure comes from at least this many repetitions, each from a server process of its own. */
export const FLOOR_REPEATS = 3;
/** Targets whose interval is wide get more rounds, up to this many, while the budget allows. */
export const MAX_REPEATS = 6;

/** What a default run measures first; the rest by --scenarios or --full. */
export const CORE_SCENARIOS: readonly ScenarioId[] = ['small', 'close', 'large'];
/** --quick: as many of these as fit in its budget at its floor, in this order. */
export const QUICK_SCENARIOS: readonly ScenarioId[] = ['small', 'close'];

/** The promised limits, with a margin for what the estimate does not see. */
export const FULL_BUDGET_SEC = 600;
export const QUICK_BUDGET_SEC = 120;
const BUDGET_MARGIN = 0.92;

/** Window lengths the planner tries, longest first; --duration fixes one. */
const DURATIONS_SEC: readonly number[] = [3, 2, 1.5, 1];
const QUICK_DURATIONS_SEC: readonly number[] = [1, 0.5];

export const DEFAULT_WARMUP: WarmupRule = {
  windowSec: 0.5,
  tolerance: 0.05,
  minWindows: 2,
  firstMinWindows: 4,
  maxSec: 8,
};
/**
 * --quick's: shorter windows, a lower cap and no longer first warm-up (its two minutes hold no more); what
 * is cut short is recorded as not settled.
 */
const QUICK_WARMUP: WarmupRule = {
  windowSec: 0.25,
  tolerance: 0.05,
  minWindows: 2,
  firstMinWindows: 2,
  maxSec: 2,
};

/** The windows a warm-up takes at least: more for a process's first, never more than its cap holds. */
export function minimumWindows(rule: WarmupRule, firstOfProcess: boolean): number {
  if (!firstOfProcess) return rule.minWindows;
  const fit = Math.floor(rule.maxSec / rule.windowSec + 1e-9);
  return Math.max(rule.minWindows, Math.min(rule.firstMinWindows, fit));
}

/**
 * Seconds a visit costs besides its windows: start (a Node server from its bundle, Bun, Deno), the checks
 * before the load, the stop. Measured on a 2-core machine with the other core busy at 0.05-0.25 s
 * (nginx the least, workers@deno the most); the estimates leave a margin.
 */
function visitOverheadSec(target: BenchTarget): number {
  if (target.kind === 'remote') return 0.05;
  if (target.kind === 'nginx') return 0.1;
  return 0.3;
}
/** What each engine window adds to its nominal length: connection set-up, the messages around it. */
const PER_WINDOW_OVERHEAD_SEC = 0.06;
/** Warm-up windows a visit's first point usually takes (a JIT tiers up), and a later one (already warm). */
const EXPECTED_FIRST_WARMUP_WINDOWS = 3;
const EXPECTED_LATER_WARMUP_WINDOWS = 2;
/** Starting the engine, collecting the environment, writing the report. */
const FIXED_OVERHEAD_SEC = 4;

/** Counts that replace a scenario's own, for a machine with fewer descriptors or a quicker look. */
export interface ScenarioScale {
  readonly idleConnections?: number | null;
  /** The slow clients of slowloris (stalled keeps its few). */
  readonly slowClients?: number | null;
  /** stream: how many clients, how big a file, how fast each client reads (bytes/s, 0: as fast as it can). */
  readonly downloads?: number | null;
  readonly downloadBytes?: number | null;
  readonly downloadRate?: number | null;
}

function scaled(scenario: Scenario, scale: ScenarioScale): Scenario {
  let s = scenario;
  if (s.idleConnections > 0 && scale.idleConnections) s = { ...s, idleConnections: scale.idleConnections };
  if (s.slowClients !== null && s.slowClients.count > 10 && scale.slowClients)
    s = { ...s, slowClients: { ...s.slowClients, count: scale.slowClients } };
  if (s.downloads !== null && s.generatedFile !== null) {
    const fileBytes = scale.downloadBytes ?? s.downloads.fileBytes;
    s = {
      ...s,
      generatedFile: { ...s.generatedFile, bytes: fileBytes },
      downloads: {
        clients: scale.downloads ?? s.downloads.clients,
        fileBytes,
        rateBytesPerSec: scale.downloadRate ?? s.downloads.rateBytesPerSec,
      },
    };
  }
  return s;
}

/** 1, 2, 4… up to n, and n itself: the CPU counts of the cores scenario; none below 2 CPUs. */
export function cpuCounts(n: number): number[] {
  if (n < 2) return [];
  const counts: number[] = [];
  for (let k = 1; k < n; k *= 2) counts.push(k);
  return [...counts, n];
}

/** A scenario's points: once, at each connection count of its curve, at each offered rate or CPU count. */
export function pointsOf(
  scenario: Scenario,
  connections: number | null,
  rates: readonly number[] | null,
  serverCpuCount = 1,
): Point[] {
  const c = connections ?? scenario.connections;
  const points = scenario.points;
  if (points.kind === 'connections')
    return points.counts.map((n) => ({ scenario, connections: n, rate: null, serverCpus: null }));
  if (points.kind === 'cpus')
    return cpuCounts(serverCpuCount).map((k) => ({ scenario, connections: c, rate: null, serverCpus: k }));
  if (points.kind === 'rates') {
    const rateList =
      rates === null ? points.shares.map((share) => ({ share })) : rates.map((perSec) => ({ perSec }));
    return rateList.map((rate) => ({ scenario, connections: c, rate, serverCpus: null }));
  }
  return [{ scenario, connections: c, rate: null, serverCpus: null }];
}

/** A taskset list of the first k CPUs of a list. */
function firstCpus(list: readonly number[], k: number): string {
  return list.slice(0, k).join(',');
}

/** Scenarios that need a server process of their own: a configuration of their own, or downloads. */
function ownServer(scenario: Scenario): boolean {
  return scenario.serverIdleTimeoutMs !== null || scenario.downloads !== null;
}

/** A target's points grouped by server process: the shared one first, then one per scenario that needs its own. */
export function groupPoints(
  scenarioIds: readonly ScenarioId[],
  connections: number | null,
  rates: readonly number[] | null,
  scale: ScenarioScale = {},
  serverCpuList: readonly number[] = [],
): VisitGroup[] {
  const shared: Point[] = [];
  const own: VisitGroup[] = [];
  for (const id of SCENARIO_IDS.filter((s) => scenarioIds.includes(s))) {
    const scenario = scaled(SCENARIOS[id], scale);
    const points = pointsOf(scenario, connections, rates, serverCpuList.length);
    // A point on fewer CPUs is a server of its own, pinned to them and sized to them.
    for (const point of points.filter((p) => p.serverCpus !== null)) {
      own.push({
        points: [point],
        idleTimeoutMs: null,
        serverCpus: firstCpus(serverCpuList, point.serverCpus!),
      });
    }
    const rest = points.filter((p) => p.serverCpus === null);
    if (rest.length === 0) continue;
    if (ownServer(scenario))
      own.push({ points: rest, idleTimeoutMs: scenario.serverIdleTimeoutMs, serverCpus: null });
    else shared.push(...rest);
  }
  return [...(shared.length > 0 ? [{ points: shared, idleTimeoutMs: null, serverCpus: null }] : []), ...own];
}

/** A target whose model can use more than one CPU: several processes, a pool of threads, nginx's workers. */
export function usesManyCpus(target: BenchTarget): boolean {
  if (target.kind === 'nginx') return true;
  return (
    target.kind === 'server' &&
    (target.target.impl.group === 'multi-process' || target.target.impl.group === 'worker-pool')
  );
}

/** The scenarios of a plan a target takes part in. */
function scenariosFor(target: BenchTarget, scenarios: readonly ScenarioId[]): ScenarioId[] {
  return scenarios.filter((id) => SCENARIOS[id].forTargets === 'all' || usesManyCpus(target));
}

/**
 * How long a request may go unanswered before it counts as a timeout: well inside a window, so a hung
 * server shows as timeouts rather than as a quiet run; never under half a second, never over two.
 */
export function requestTimeoutMs(durationSec: number): number {
  return Math.min(2000, Math.max(500, (durationSec * 1000) / 2));
}

/** Open-loop points are warmed at their own rate for this long: the server is already warm from the closed loop. */
export const OPEN_LOOP_WARMUP_SEC = 1;

/**
 * The points measured once more beside the reference, both loaded at once: ranked, closed loop, on all the
 * servers' CPUs, without an idle crowd or slow clients (which a second engine would double), on a server
 * started here (a --url server's CPUs are not the reference's).
 */
export function besideApplies(point: Point, target: BenchTarget): boolean {
  return (
    isRanked(point.scenario) &&
    point.rate === null &&
    point.serverCpus === null &&
    point.scenario.idleConnections === 0 &&
    point.scenario.downloads === null &&
    point.scenario.slowClients === null &&
    (target.kind === 'server' || target.kind === 'lesson')
  );
}

/** Seconds one visit of this group is expected to take. */
export function visitSec(target: BenchTarget, group: VisitGroup, timing: Timing): number {
  let total = visitOverheadSec(target);
  group.points.forEach((point, i) => {
    if (timing.beside === true && besideApplies(point, target))
      total += timing.durationSec + PER_WINDOW_OVERHEAD_SEC;
    const w = timing.warmup;
    const warmWindows =
      w.maxSec === 0
        ? 0
        : point.rate !== null
          ? Math.ceil(OPEN_LOOP_WARMUP_SEC / w.windowSec)
          : Math.min(
              Math.ceil(w.maxSec / w.windowSec),
              i === 0
                ? Math.max(EXPECTED_FIRST_WARMUP_WINDOWS, minimumWindows(w, true))
                : EXPECTED_LATER_WARMUP_WINDOWS,
            );
    total += warmWindows * (w.windowSec + PER_WINDOW_OVERHEAD_SEC);
    total += timing.durationSec + PER_WINDOW_OVERHEAD_SEC;
    if (point.scenario.idleConnections > 0) total += point.scenario.idleConnections / 5000;
    if (point.scenario.downloads !== null) {
      const d = point.scenario.downloads;
      total += d.rateBytesPerSec > 0 ? d.fileBytes / d.rateBytesPerSec : 3;
    }
  });
  return total;
}

export function estimateSec(
  targets: readonly BenchTarget[],
  groupsOf: (target: BenchTarget) => readonly VisitGroup[],
  timing: Timing,
  rounds: number,
): number {
  let perRound = 0;
  for (const target of targets)
    for (const group of groupsOf(target)) perRound += visitSec(target, group, timing);
  return FIXED_OVERHEAD_SEC + perRound * rounds;
}

/** What the user fixed; null means the planner chooses. */
export interface PlanRequest {
  readonly targets: readonly BenchTarget[];
  /** null: the core set (or as much of it as fits), --full: every scenario. */
  readonly scenarios: readonly ScenarioId[] | null;
  readonly full: boolean;
  readonly quick: boolean;
  readonly durationSec: number | null;
  readonly repeats: number | null;
  /** The warm-up's cap in seconds; 0 for none. */
  readonly warmupSec: number | null;
  readonly connections: number | null;
  readonly rates: readonly number[] | null;
  readonly scale: ScenarioScale;
  readonly seed: number;
  /** The engine's windows last whole seconds (wrk). */
  readonly wholeSecondWindows: boolean;
  /** The CPUs the servers may use (the cores scenario pins to the first 1, 2, 4… of them); [] unpinned. */
  readonly serverCpuList?: readonly number[];
  /** Measure the ranked points beside the reference too (a reference runs); absent: not. */
  readonly beside?: boolean;
}

function groupsFor(r: PlanRequest, scenarios: readonly ScenarioId[]): (target: BenchTarget) => VisitGroup[] {
  const cache = new Map<boolean, VisitGroup[]>();
  return (target) => {
    const many = usesManyCpus(target);
    let groups = cache.get(many);
    if (groups === undefined) {
      groups = groupPoints(
        scenariosFor(target, scenarios),
        r.connections,
        r.rates,
        r.scale,
        r.serverCpuList ?? [],
      );
      cache.set(many, groups);
    }
    return groups;
  };
}

export function makePlan(r: PlanRequest): Plan {
  const budgetSec = r.quick ? QUICK_BUDGET_SEC : FULL_BUDGET_SEC;
  const baseWarmup = r.quick ? QUICK_WARMUP : DEFAULT_WARMUP;
  // Whole-second windows (wrk): the first warm-up's minimum stays the same length of time, not of windows.
  const ruleWindow = r.wholeSecondWindows
    ? {
        ...baseWarmup,
        windowSec: 1,
        firstMinWindows: Math.max(
          baseWarmup.minWindows,
          Math.ceil(baseWarmup.firstMinWindows * baseWarmup.windowSec),
        ),
      }
    : baseWarmup;
  const warmup: WarmupRule = r.warmupSec === null ? ruleWindow : { ...ruleWindow, maxSec: r.warmupSec };
  const rounds = r.repeats ?? FLOOR_REPEATS;
  const asked = r.durationSec !== null ? [r.durationSec] : r.quick ? QUICK_DURATIONS_SEC : DURATIONS_SEC;
  const durations = r.wholeSecondWindows ? [...new Set(asked.map((d) => Math.ceil(d)))] : asked;
  const beside = r.beside === true;
  const fits = (scenarios: readonly ScenarioId[], durationSec: number) =>
    estimateSec(r.targets, groupsFor(r, scenarios), { durationSec, warmup, beside }, rounds) <=
    budgetSec * BUDGET_MARGIN;

  // The user's own list, or everything with --full, is measured whatever the budget: it is what they asked.
  let scenarios: readonly ScenarioId[];
  let leftOut: ScenarioId[] = [];
  let durationSec: number;
  if (r.scenarios !== null || r.full) {
    scenarios = r.scenarios ?? SCENARIO_IDS;
    durationSec = durations.find((d) => fits(scenarios, d)) ?? durations[durations.length - 1]!;
  } else {
    // A default run: the most of the core set, in its order, that fits at the floor with the longest window.
    const core = r.quick ? QUICK_SCENARIOS : CORE_SCENARIOS;
    let chosen: { scenarios: readonly ScenarioId[]; durationSec: number } | null = null;
    for (let count = core.length; count >= 1 && chosen === null; count--) {
      const candidate = core.slice(0, count);
      const d = durations.find((duration) => fits(candidate, duration));
      if (d !== undefined) chosen = { scenarios: candidate, durationSec: d };
    }
    scenarios = chosen?.scenarios ?? core.slice(0, 1);
    durationSec = chosen?.durationSec ?? durations[durations.length - 1]!;
    leftOut = SCENARIO_IDS.filter((id) => !scenarios.includes(id));
  }
  const groups = groupsFor(r, scenarios);
  // The last resort before the budget is exceeded: a shorter cap on the warm-up, never below its minimum
  // windows (a warm-up the cap cuts short is recorded as not settled, and the report says so).
  let capped = warmup;
  const over = (rule: WarmupRule) =>
    estimateSec(r.targets, groups, { durationSec, warmup: rule, beside }, rounds) > budgetSec * BUDGET_MARGIN;
  while (
    r.warmupSec === null &&
    over(capped) &&
    capped.maxSec - capped.windowSec >= Math.max(capped.minWindows, capped.firstMinWindows) * capped.windowSec
  ) {
    capped = { ...capped, maxSec: capped.maxSec - capped.windowSec };
  }
  const timing = { durationSec, warmup: capped, beside };
  const estimated = estimateSec(r.targets, groups, timing, rounds);
  return {
    targets: r.targets,
    scenarios: SCENARIO_IDS.filter((id) => scenarios.includes(id)),
    leftOut,
    groups: new Map(r.targets.map((t) => [t.name, groups(t)])),
    rounds,
    maxRepeats: r.repeats !== null ? r.repeats : Math.max(rounds, MAX_REPEATS),
    timing,
    seed: r.seed,
    estimatedSec: estimated,
    budgetSec,
    overBudget: estimated > budgetSec,
  };
}

/** Mulberry32: a small seeded generator, so a run's order can be drawn again from its seed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates with a seeded generator. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = generator(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The visits of one round for these targets, in the round's shuffled order: every process a target needs
 * (the shared one, and one per scenario with a server of its own), the order drawn from the seed and the
 * round, so any round of a run can be drawn again.
 */
export function roundVisits(plan: Plan, round: number, targets: readonly BenchTarget[]): Visit[] {
  const visits: Visit[] = [];
  for (const target of targets) {
    for (const group of plan.groups.get(target.name) ?? []) {
      visits.push({
        target,
        round,
        points: group.points,
        idleTimeoutMs: group.idleTimeoutMs,
        serverCpus: group.serverCpus,
      });
    }
  }
  return shuffled(visits, plan.seed * 1000 + round);
}

/** The plan's scenarios as they will run (scaled), each once. */
export function planScenarios(plan: Plan): Scenario[] {
  const byId = new Map<ScenarioId, Scenario>();
  for (const groups of plan.groups.values())
    for (const group of groups) for (const point of group.points) byId.set(point.scenario.id, point.scenario);
  return [...byId.values()];
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
