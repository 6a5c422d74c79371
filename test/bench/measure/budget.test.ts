// The warm-up's share of the time left: a visit may warm up for what the visits still to come leave it,
// never less than the rule's minimum windows, never more than its cap, so a run ends within its budget.
import { expect, test } from 'vitest';
import { budgetedTiming } from '../../../bench/measure/runner.ts';
import { makePlan, roundVisits } from '../../../bench/plan/plan.ts';
import type { BenchTarget } from '../../../bench/targets/catalog.ts';
import { allTargets, targetName } from '../../../servers/registry.ts';

const target = allTargets()[0]!;
const targets: BenchTarget[] = [
  { kind: 'server', name: targetName(target), target },
  { kind: 'nginx', name: 'nginx', binary: '/usr/sbin/nginx' },
];
const plan = makePlan({
  targets,
  scenarios: ['small', 'close'],
  full: false,
  quick: false,
  durationSec: 1,
  repeats: 3,
  warmupSec: null,
  connections: null,
  rates: null,
  scale: {},
  seed: 1,
  wholeSecondWindows: false,
  beside: true,
});
const [visit] = roundVisits(plan, 1, [targets[0]!]);

test('plenty of time left: the rule as it is', () => {
  const timing = budgetedTiming(plan, visit!, 1, performance.now() + 600_000);
  expect(timing.warmup.maxSec).toBe(plan.timing.warmup.maxSec);
  expect(timing.beside).toBe(true);
});

test("little time left over many visits: the warm-up shrinks to a process's first minimum windows, not below", () => {
  const rule = plan.timing.warmup;
  expect(rule.firstMinWindows).toBeGreaterThan(rule.minWindows);
  const short = budgetedTiming(plan, visit!, 10, performance.now() + 20_000);
  expect(short.warmup.maxSec).toBeLessThan(rule.maxSec);
  expect(short.warmup.maxSec).toBeGreaterThanOrEqual(rule.firstMinWindows * rule.windowSec);
  const none = budgetedTiming(plan, visit!, 10, performance.now() - 1000);
  expect(none.warmup.maxSec).toBe(rule.firstMinWindows * rule.windowSec);
});

test('the side-by-side windows are counted among what the warm-up must leave room for', () => {
  const deadline = performance.now() + 12_000;
  const withBeside = budgetedTiming(plan, visit!, 1, deadline);
  const without = budgetedTiming({ ...plan, timing: { ...plan.timing, beside: false } }, visit!, 1, deadline);
  expect(withBeside.warmup.maxSec).toBeLessThan(without.warmup.maxSec);
});
