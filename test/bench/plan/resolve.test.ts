// Which targets a default run takes: on servers of one CPU, not the models built to spread over several.
import { expect, test } from 'vitest';
import { withoutManyProcesses } from '../../../bench/plan/resolve.ts';
import type { BenchTarget } from '../../../bench/targets/catalog.ts';
import { allTargets, targetName } from '../../../servers/registry.ts';

const everyTarget: BenchTarget[] = [
  ...allTargets().map((target) => ({ kind: 'server' as const, name: targetName(target), target })),
  { kind: 'nginx', name: 'nginx', binary: '/usr/sbin/nginx' },
];
const multiProcess = everyTarget.filter(
  (t) => t.kind === 'server' && t.target.impl.group === 'multi-process',
);

test('on one server CPU a default run leaves out cluster and reuseport, and says how to get them', () => {
  expect(multiProcess.map((t) => t.name)).toEqual(
    expect.arrayContaining(['cluster@node', 'reuseport@node', 'cluster@deno', 'reuseport@bun']),
  );
  const one = withoutManyProcesses(
    { targets: everyTarget, skipped: ['lesson (python3 is not installed)'] },
    1,
  );
  expect(one.targets.map((t) => t.name)).toEqual(
    everyTarget.filter((t) => !multiProcess.includes(t)).map((t) => t.name),
  );
  expect(one.targets.map((t) => t.name)).toContain('workers@node'); // a pool of threads is still measured
  expect(one.skipped).toHaveLength(2); // what was skipped already, and one line for them all
  expect(one.skipped[1]).toContain(multiProcess.map((t) => t.name).join(', '));
  expect(one.skipped[1]).toContain('--targets');
});

test('with two server CPUs or more, every target stays', () => {
  const two = withoutManyProcesses({ targets: everyTarget, skipped: [] }, 2);
  expect(two.targets).toEqual(everyTarget);
  expect(two.skipped).toEqual([]);
});
