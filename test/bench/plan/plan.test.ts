import { describe, expect, it } from 'vitest';
import {
  chooseQuickScenarios,
  estimateSec,
  FULL_BUDGET_SEC,
  listMeasurements,
  makePlan,
  QUICK_BUDGET_SEC,
  warmupFor,
} from '../../../bench/plan/plan.ts';
import { SCENARIO_ORDER } from '../../../bench/plan/scenarios.ts';
import type { BenchTarget } from '../../../bench/targets/catalog.ts';
import { nginxConfig } from '../../../bench/targets/nginx.ts';
import { allTargets, targetName } from '../../../servers/registry.ts';

const registryTargets = (n: number): BenchTarget[] =>
  Array.from({ length: n }, (_, i) => {
    const target = allTargets()[i % allTargets().length]!;
    return { kind: 'server', name: `${targetName(target)}#${i}`, target };
  });
const nginx: BenchTarget = { kind: 'nginx', name: 'nginx', binary: '/usr/sbin/nginx' };

describe('plan', () => {
  it('lists one measurement per target and scenario, four for the sweep and for the latency curve', () => {
    const measurements = listMeasurements([nginx], SCENARIO_ORDER, null);
    expect(measurements).toHaveLength(SCENARIO_ORDER.length - 2 + 4 + 4);
    expect(measurements.filter((m) => m.scenario.id === 'latency').map((m) => m.rate)).toEqual([
      { share: 0.25 },
      { share: 0.5 },
      { share: 0.75 },
      { share: 0.9 },
    ]);
    expect(listMeasurements([nginx], ['latency'], null, [1000, 5000]).map((m) => m.rate)).toEqual([
      { perSec: 1000 },
      { perSec: 5000 },
    ]);
    expect(measurements.filter((m) => m.scenario.id === 'sweep').map((m) => m.connections)).toEqual([
      1, 8, 64, 256,
    ]);
    expect(listMeasurements([nginx], ['small', 'sweep'], 7).map((m) => m.connections)).toEqual([
      7, 1, 8, 64, 256,
    ]);
  });

  const unfixed = { durationSec: null, repeats: null, warmupSec: null };

  it('warms an open-loop point up even when the plan has no warm-up, and counts it in the estimate', () => {
    const [small] = listMeasurements([nginx], ['small'], null);
    const [point] = listMeasurements([nginx], ['latency'], null);
    const cold = { durationSec: 1, repeats: 1, warmupSec: 0 };
    expect(warmupFor(small!, cold)).toBe(0);
    expect(warmupFor(point!, cold)).toBe(1);
    expect(warmupFor(point!, { ...cold, warmupSec: 2 })).toBe(2);
    expect(estimateSec([point!], cold) - estimateSec([small!], cold)).toBeGreaterThanOrEqual(1);
  });

  it.each([1, 5, 10, 14])('fits the default run with %i targets in 10 minutes, the quick one in 2', (n) => {
    const targets = [...registryTargets(n - 1), nginx];
    const full = makePlan(listMeasurements(targets, SCENARIO_ORDER, null), unfixed, false);
    expect(full.estimatedSec).toBeLessThanOrEqual(FULL_BUDGET_SEC);
    expect(full.overBudget).toBe(false);
    const quickScenarios = chooseQuickScenarios(targets, null, unfixed);
    expect(quickScenarios).toContain('small');
    const quick = makePlan(listMeasurements(targets, quickScenarios, null), unfixed, true);
    expect(quick.estimatedSec).toBeLessThanOrEqual(QUICK_BUDGET_SEC);
  });

  it('keeps every quick scenario when the targets are few', () => {
    expect(chooseQuickScenarios([nginx, ...registryTargets(4)], null, unfixed)).toEqual([
      'small',
      'close',
      'large',
      'missing',
      'stalled',
    ]);
  });

  it('takes the longest timing that fits, and keeps what the user fixed', () => {
    const few = listMeasurements([nginx], ['small'], null);
    expect(makePlan(few, { durationSec: null, repeats: null, warmupSec: null }, false).timing).toEqual({
      durationSec: 5,
      repeats: 3,
      warmupSec: 2,
    });
    const fixed = makePlan(few, { durationSec: 1, repeats: null, warmupSec: 0 }, false);
    expect(fixed.timing).toEqual({ durationSec: 1, repeats: 3, warmupSec: 0 });
    expect(estimateSec(few, fixed.timing)).toBeLessThan(
      estimateSec(few, { durationSec: 5, repeats: 3, warmupSec: 2 }),
    );
  });

  it('says when a plan fixed by the user exceeds the budget', () => {
    const many = listMeasurements(registryTargets(10), SCENARIO_ORDER, null);
    expect(makePlan(many, { durationSec: 30, repeats: 5, warmupSec: null }, false).overBudget).toBe(true);
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
