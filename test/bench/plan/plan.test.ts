// The planner: never below the floor (it leaves scenarios out instead, and says which), rounds whose order
// the seed decides, scenarios grouped by the server process that measures them.
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS, SCENARIOS } from '../../../bench/model/scenarios.ts';
import {
  CORE_SCENARIOS,
  cpuCounts,
  FLOOR_REPEATS,
  FULL_BUDGET_SEC,
  groupPoints,
  makePlan,
  minimumWindows,
  type PlanRequest,
  pointsOf,
  QUICK_BUDGET_SEC,
  roundVisits,
  visitSec,
} from '../../../bench/plan/plan.ts';
import { type BenchTarget, remoteTarget } from '../../../bench/targets/catalog.ts';
import { nginxConfig } from '../../../bench/targets/nginx.ts';
import { allTargets, targetName } from '../../../servers/registry.ts';

const registryTargets = (n: number): BenchTarget[] =>
  Array.from({ length: n }, (_, i) => {
    const target = allTargets()[i % allTargets().length]!;
    return { kind: 'server', name: `${targetName(target)}#${i}`, target };
  });
const nginx: BenchTarget = { kind: 'nginx', name: 'nginx', binary: '/usr/sbin/nginx' };

const request = (targets: readonly BenchTarget[], overrides: Partial<PlanRequest> = {}): PlanRequest => ({
  targets,
  scenarios: null,
  full: false,
  quick: false,
  durationSec: null,
  repeats: null,
  warmupSec: null,
  connections: null,
  rates: null,
  scale: {},
  seed: 7,
  wholeSecondWindows: false,
  ...overrides,
});

describe('points', () => {
  it('measures a scenario once, a connections curve at each count, an open loop at each rate', () => {
    expect(pointsOf(SCENARIOS.small, null, null).map((p) => p.connections)).toEqual([50]);
    expect(pointsOf(SCENARIOS.sweep, null, null).map((p) => p.connections)).toEqual([1, 8, 64, 256]);
    expect(pointsOf(SCENARIOS.latency, null, null).map((p) => p.rate)).toEqual([
      { share: 0.25 },
      { share: 0.5 },
      { share: 0.75 },
      { share: 0.9 },
    ]);
    expect(pointsOf(SCENARIOS.latency, null, [1000, 5000]).map((p) => p.rate)).toEqual([
      { perSec: 1000 },
      { perSec: 5000 },
    ]);
    expect(pointsOf(SCENARIOS.small, 7, null).map((p) => p.connections)).toEqual([7]);
  });

  it('measures in one server process what shares its configuration, and idle and stream in their own', () => {
    const groups = groupPoints(SCENARIO_IDS, null, null);
    expect(groups.map((g) => [...new Set(g.points.map((p) => p.scenario.id))])).toEqual([
      ['small', 'close', 'large', 'huge', 'missing', 'stalled', 'slowloris', 'latency', 'sweep'],
      ['idle'],
      ['stream'],
    ]);
    expect(groups[1]!.idleTimeoutMs).toBeGreaterThan(60_000);
  });
});

describe('the cores scenario', () => {
  it("measures at 1, 2, 4… of the servers' CPUs and at all of them, and not at all below two", () => {
    expect(cpuCounts(8)).toEqual([1, 2, 4, 8]);
    expect(cpuCounts(6)).toEqual([1, 2, 4, 6]);
    expect(cpuCounts(2)).toEqual([1, 2]);
    expect(cpuCounts(1)).toEqual([]);
    expect(cpuCounts(0)).toEqual([]);
  });

  it('gives each CPU count a server of its own, pinned to the first CPUs of the list', () => {
    const groups = groupPoints(['small', 'cores'], null, null, {}, [4, 5, 6, 7]);
    expect(
      groups.map((g) => [g.points.map((p) => `${p.scenario.id}/${p.serverCpus}`), g.serverCpus]),
    ).toEqual([
      [['small/null'], null],
      [['cores/1'], '4'],
      [['cores/2'], '4,5'],
      [['cores/4'], '4,5,6,7'],
    ]);
  });

  it('takes only the targets that can use more than one CPU', () => {
    const plan = makePlan(
      request([...registryTargets(allTargets().length), nginx], {
        scenarios: ['cores'],
        serverCpuList: [2, 3],
      }),
    );
    const measured = [...plan.groups.entries()].filter(([, groups]) =>
      groups.some((g) => g.points.length > 0),
    );
    const names = measured.map(([name]) => name.replace(/#\d+$/, ''));
    expect(names).toContain('nginx');
    expect(names.some((n) => n.startsWith('cluster@'))).toBe(true);
    expect(names.some((n) => n.startsWith('workers@'))).toBe(true);
    expect(
      names.some((n) => n.startsWith('async@') || n.startsWith('sequential@') || n.startsWith('node-http@')),
    ).toBe(false);
  });
});

describe('the floor', () => {
  it.each([1, 5, 10, 18])(
    'fits a default run of %i targets in 10 minutes at the floor, leaving out what does not fit',
    (n) => {
      const plan = makePlan(request([...registryTargets(n - 1), nginx]));
      expect(plan.rounds).toBe(FLOOR_REPEATS);
      expect(plan.estimatedSec).toBeLessThanOrEqual(FULL_BUDGET_SEC);
      expect(plan.scenarios).toContain('small');
      expect(plan.scenarios.every((s) => CORE_SCENARIOS.includes(s))).toBe(true);
      expect(plan.leftOut).toEqual(SCENARIO_IDS.filter((s) => !plan.scenarios.includes(s)));
      expect(plan.timing.warmup.maxSec).toBeGreaterThan(0);
    },
  );

  it('never plans below the floor: with too many targets it drops scenarios, then says it is over budget', () => {
    const plan = makePlan(request(registryTargets(200)));
    expect(plan.rounds).toBe(FLOOR_REPEATS);
    expect(plan.scenarios).toEqual(['small']);
    expect(plan.leftOut).toContain('close');
    expect(plan.overBudget).toBe(true);
  });

  it('keeps the whole core set when the targets are few, with the longest window', () => {
    const plan = makePlan(request([nginx, ...registryTargets(2)]));
    expect(plan.scenarios).toEqual(CORE_SCENARIOS);
    expect(plan.timing.durationSec).toBe(3);
  });

  it('fits --quick in 2 minutes with every target of the registry and both references', () => {
    const plan = makePlan(request([...registryTargets(allTargets().length + 1), nginx], { quick: true }));
    expect(plan.rounds).toBe(FLOOR_REPEATS);
    expect(plan.estimatedSec).toBeLessThanOrEqual(QUICK_BUDGET_SEC);
    expect(plan.scenarios).toContain('small');
  });

  it('measures what the user asked for whatever the budget, and says when it is over', () => {
    const plan = makePlan(request(registryTargets(10), { full: true }));
    expect(plan.scenarios).toEqual(SCENARIO_IDS);
    expect(plan.leftOut).toEqual([]);
    expect(plan.overBudget).toBe(true);
    const asked = makePlan(
      request([nginx], { scenarios: ['idle', 'small'], durationSec: 2, repeats: 4, warmupSec: 0 }),
    );
    expect(asked.scenarios).toEqual(['small', 'idle']);
    expect(asked.timing.durationSec).toBe(2);
    expect(asked.rounds).toBe(4);
    expect(asked.maxRepeats).toBe(4);
    expect(asked.timing.warmup.maxSec).toBe(0);
  });

  it('rounds windows up to whole seconds for an engine that has no finer unit', () => {
    const plan = makePlan(request([nginx], { quick: true, wholeSecondWindows: true }));
    expect(Number.isInteger(plan.timing.durationSec)).toBe(true);
    expect(plan.timing.warmup.windowSec).toBe(1);
  });
});

describe("a process's first warm-up", () => {
  const rule = { windowSec: 0.5, tolerance: 0.05, minWindows: 2, firstMinWindows: 4, maxSec: 8 };

  it("takes at least its own minimum of windows; a later point of the same process, the rule's", () => {
    expect(minimumWindows(rule, true)).toBe(4);
    expect(minimumWindows(rule, false)).toBe(2);
  });

  it('shrinks to what a shorter cap holds (--warmup 1), never below the minimum', () => {
    expect(minimumWindows({ ...rule, maxSec: 1 }, true)).toBe(2);
    expect(minimumWindows({ ...rule, maxSec: 1.5 }, true)).toBe(3);
    expect(minimumWindows({ ...rule, maxSec: 0.5 }, true)).toBe(2);
  });

  it("is what a default plan asks, and counted in a visit's estimate", () => {
    const plan = makePlan(request([...registryTargets(3), nginx]));
    expect(minimumWindows(plan.timing.warmup, true)).toBe(4);
    const [server] = registryTargets(1);
    const group = groupPoints(['small'], null, null)[0]!;
    const longer = { ...plan.timing, warmup: { ...plan.timing.warmup, firstMinWindows: 8 } };
    expect(visitSec(server!, group, longer) - visitSec(server!, group, plan.timing)).toBeCloseTo(4 * 0.56, 9);
  });

  it('lasts as long with whole-second windows (wrk): 2 windows of 1 s', () => {
    const plan = makePlan(request([nginx], { wholeSecondWindows: true }));
    expect(plan.timing.warmup.windowSec).toBe(1);
    expect(minimumWindows(plan.timing.warmup, true)).toBe(2);
  });
});

describe('side by side with the reference', () => {
  const timing = {
    durationSec: 2,
    warmup: { windowSec: 0.5, tolerance: 0.05, minWindows: 2, firstMinWindows: 4, maxSec: 0 },
  };
  const [server] = registryTargets(1);
  const remote = remoteTarget({ url: 'http://127.0.0.1:1', name: null, expectStatus: null });
  const group = (ids: Parameters<typeof groupPoints>[0]) => groupPoints(ids, null, null)[0]!;

  it('costs one more window for each ranked closed-loop point of a server started here, and only those', () => {
    const extra = (target: BenchTarget, ids: Parameters<typeof groupPoints>[0]) =>
      visitSec(target, group(ids), { ...timing, beside: true }) - visitSec(target, group(ids), timing);
    expect(extra(server!, ['small', 'close', 'large'])).toBeCloseTo(3 * (2 + 0.06), 9);
    expect(extra(nginx, ['small', 'close'])).toBe(0); // the reference is not measured beside itself
    expect(extra(remote, ['small'])).toBe(0); // a --url server's CPUs are not the reference's
    expect(extra(server!, ['latency'])).toBe(0); // open loop: each target offered its own rate
    expect(extra(server!, ['slowloris'])).toBe(0); // a second engine would double the slow clients
  });

  it('is in the plan when asked, counted in the estimate, and the default run still fits', () => {
    const targets = [...registryTargets(17), nginx];
    const without = makePlan(request(targets));
    const plan = makePlan(request(targets, { beside: true }));
    expect(plan.timing.beside).toBe(true);
    expect(without.timing.beside).toBe(false);
    expect(plan.estimatedSec).toBeLessThanOrEqual(FULL_BUDGET_SEC);
    expect(plan.rounds).toBe(FLOOR_REPEATS);
    expect(plan.scenarios).toEqual(expect.arrayContaining(['small', 'close']));
    const perRoundWindows = (p: typeof plan) => p.timing.durationSec * p.scenarios.length;
    expect(plan.estimatedSec / perRoundWindows(plan)).toBeGreaterThan(
      without.estimatedSec / perRoundWindows(without),
    );
  });
});

describe('interleaving', () => {
  const targets = [...registryTargets(6), nginx];
  const plan = makePlan(request(targets));

  it('visits every target once a round, in an order drawn from the seed and the round', () => {
    const order = (round: number, p = plan) => roundVisits(p, round, targets).map((v) => v.target.name);
    for (const round of [1, 2, 3])
      expect([...order(round)].sort()).toEqual(targets.map((t) => t.name).sort());
    expect(order(1)).not.toEqual(order(2));
    expect(order(1)).toEqual(order(1, makePlan(request(targets))));
    expect(order(1)).not.toEqual(order(1, makePlan(request(targets, { seed: 8 }))));
    expect(roundVisits(plan, 2, targets).every((v) => v.round === 2)).toBe(true);
  });
});

describe('nginx configuration', () => {
  it('serves the root with one worker per server core, no access log, sendfile', () => {
    const config = nginxConfig({ root: '/srv/my site', port: 43_210, workers: 2, dir: '/tmp/x' });
    expect(config).toContain('worker_processes 2;');
    expect(config).toContain('access_log off;');
    expect(config).toContain('sendfile on;');
    expect(config).toContain('listen 127.0.0.1:43210;');
    expect(config).toContain('root "/srv/my site";');
    expect(config).toContain('pid /tmp/x/nginx.pid;');
  });
});
