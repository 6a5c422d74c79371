// The cores scenario read as a whole: efficiency only from two results measured apart from the client,
// each CPU count a column of its own and a reference of its own, and the finding that names who scales.
import { expect, test } from 'vitest';
import { withReferenceRatios } from '../../../bench/results/reference.ts';
import { columnsOf } from '../../../bench/views/columns.ts';
import { findingsOf, plainText } from '../../../bench/views/findings.ts';
import { renderReport } from '../../../bench/views/html/render.ts';
import { scalingCurves, workerSpread } from '../../../bench/views/scaling.ts';
import { summaryMarkdown } from '../../../bench/views/summary-md.ts';
import { makeMeasurement, makeResults } from '../fixtures.ts';

const at = (target: string, cpus: number, level: number, extra: Parameters<typeof makeMeasurement>[2] = {}) =>
  makeMeasurement(target, [[level], [level * 1.01], [level * 0.99]], {
    scenario: 'cores',
    serverCpus: cpus,
    ...extra,
  });

const run = (measurements: Parameters<typeof makeResults>[0]) =>
  makeResults(withReferenceRatios(measurements), {
    implementations: [
      { id: 'cluster', model: 'cluster', description: '', group: 'multi-process' },
      { id: 'workers', model: 'workers', description: '', group: 'worker-pool' },
    ] as never,
  });

test('efficiency is req/s on N over N times req/s on one; the busiest worker against an even share', () => {
  const results = run([
    at('cluster@node', 1, 10_000, { probes: { workers: { connections: [50] } } }),
    at('cluster@node', 2, 18_000, { probes: { workers: { connections: [60, 40] } } }),
    at('cluster@node', 4, 30_000),
  ]);
  const [curve] = scalingCurves(results);
  expect(curve!.points.map((p) => p.cpus)).toEqual([1, 2, 4]);
  expect(curve!.points.map((p) => p.efficiency)).toEqual([1, 0.9, 0.75]);
  expect(curve!.points.map((p) => p.perCpu)).toEqual([10_000, 9_000, 7_500]);
  expect(curve!.points.map((p) => p.spread)).toEqual([null, 1.2, null]);
  expect(workerSpread([0, 0])).toBeNull();
  expect(workerSpread([30, 10, 20])).toBeCloseTo(1.5, 9);
});

test('no efficiency against a lower bound, a non-result, or a figure taken with the client on the same CPUs', () => {
  const efficiencies = (one: Parameters<typeof at>[3], two: Parameters<typeof at>[3] = {}) =>
    scalingCurves(
      run([at('cluster@node', 1, 10_000, one), at('cluster@node', 2, 18_000, two)]),
    )[0]!.points.map((p) => p.efficiency);
  expect(efficiencies({ flags: ['client-bound'] })).toEqual([null, null]);
  expect(efficiencies({}, { flags: ['client-bound'] })).toEqual([1, null]);
  expect(efficiencies({ flags: ['wrong-answers'] })).toEqual([null, null]);
  expect(efficiencies({ flags: ['shared-cpus'] }, { flags: ['shared-cpus'] })).toEqual([null, null]);
});

test('each CPU count is a column of its own, against the reference on as many CPUs', () => {
  const results = run([
    at('nginx', 1, 20_000, { impl: 'nginx', runtime: 'native', flags: ['reference'] }),
    at('nginx', 2, 40_000, { impl: 'nginx', runtime: 'native', flags: ['reference'] }),
    at('cluster@node', 1, 10_000),
    at('cluster@node', 2, 10_000),
  ]);
  expect(columnsOf(results).map((c) => c.label)).toEqual(['cores 1 CPU', 'cores 2 CPUs']);
  const cluster = results.measurements.filter((m) => m.target === 'cluster@node');
  expect(cluster.map((m) => m.vsReference?.ratio.mean)).toEqual([0.5, 0.25]);
});

test('the finding names who scales best and least at the most CPUs, and the views carry the table', () => {
  const results = run([
    at('cluster@node', 1, 10_000),
    at('cluster@node', 2, 19_000),
    at('workers@node', 1, 5_000),
    at('workers@node', 2, 6_000),
  ]);
  const finding = findingsOf(results).find((f) => f.kind === 'scaling');
  expect(plainText(finding!.text)).toBe(
    'On 2 CPUs, cluster@node scales best (1.9× its one-CPU figure, 95 % efficiency), workers@node least (1.2× its one-CPU figure, 60 % efficiency).',
  );
  // Not a lead per CPU count: the points of a curve are read together.
  expect(findingsOf(results).filter((f) => f.kind === 'lead')).toEqual([]);
  expect(summaryMarkdown(results)).toContain(
    '| `cluster@node` | 10k req/s, 10k per CPU | 19k req/s, 9,500 per CPU, 95 % efficiency |',
  );
  const html = renderReport(results);
  expect(html).toContain('id="cores"');
  expect(html).toContain('chart-cores-throughput');
});
