// The ranking every view shares: places read from the intervals (tied where they overlap), the ranked
// figure (bytes/s where a scenario is ranked by it), each target against the reference of its own rounds.
import { expect, test } from 'vitest';
import { pacingNote } from '../../../bench/model/pacing.ts';
import { withReferenceRatios } from '../../../bench/results/reference.ts';
import { findingsOf, plainText } from '../../../bench/views/findings.ts';
import { renderReport } from '../../../bench/views/html/render.ts';
import { placeText, rankAll } from '../../../bench/views/ranking.ts';
import { summaryMarkdown } from '../../../bench/views/summary-md.ts';
import { terminalSummary } from '../../../bench/views/terminal.ts';
import { versusText } from '../../../bench/views/words.ts';
import { makeMeasurement, makeResults } from '../fixtures.ts';

const nginx = makeMeasurement('nginx', [[50_000], [52_000], [48_000]], { flags: ['reference'] });
const fast = makeMeasurement('async@node', [[100_000], [104_000], [96_000]]);
const close = makeMeasurement('deno-tcp@deno', [[99_000], [101_000], [97_000]]);
const bound = makeMeasurement('bun-tcp@bun', [[120_000], [121_000], [119_000]], { flags: ['client-bound'] });
const wrong = makeMeasurement('workers@node', [[500_000], [500_000], [500_000]], {
  flags: ['wrong-answers'],
});

const placesOf = (measurements: Parameters<typeof makeResults>[0]) => {
  const [small] = rankAll(makeResults(measurements));
  return new Map(small!.rows.map((r) => [r.measurement.target, placeText(r.place)]));
};

test('targets whose intervals overlap share the places they could hold; apart, they are ordered', () => {
  const places = placesOf([nginx, fast, close]);
  expect(places.get('async@node')).toBe('1–2');
  expect(places.get('deno-tcp@deno')).toBe('1–2');
  expect(places.get('nginx')).toBe('3');
});

test('a lower bound is open upwards: nothing is shown above it, and what it is surely above stays below', () => {
  const places = placesOf([nginx, fast, bound, wrong]);
  expect(places.get('bun-tcp@bun')).toBe('1');
  expect(places.get('async@node')).toBe('2');
  expect(places.get('nginx')).toBe('3');
  expect(places.get('workers@node')).toBe('–'); // not a result: no place
});

test('one repetition has no interval, so no place is measured', () => {
  const one = makeMeasurement('async@node', [[100_000]]);
  const other = makeMeasurement('nginx', [[10_000]], { flags: ['reference'] });
  expect(placesOf([one, other]).get('async@node')).toBe('1–2');
});

test('the ratio to the reference is taken round by round, and a client-bound side makes it a bound', () => {
  const withRatios = withReferenceRatios([nginx, fast, bound, wrong]);
  const byTarget = new Map(withRatios.map((m) => [m.target, m]));
  expect(byTarget.get('async@node')!.vsReference!.ratio.mean).toBeCloseTo(2, 6);
  expect(byTarget.get('async@node')!.vsReference!.ratio.ci!.low).toBeCloseTo(2, 6); // the same 2× every round
  expect(byTarget.get('nginx')!.vsReference).toBeNull();
  expect(byTarget.get('workers@node')!.vsReference).toBeNull(); // not a result, so no ratio either
  const [small] = rankAll(makeResults(withRatios));
  expect(small!.rows.find((r) => r.measurement.target === 'bun-tcp@bun')!.vsReference!.bound).toBe(
    'at least',
  );
});

test('a scenario ranked by bytes/s is ranked and compared by bytes/s', () => {
  const large = { scenario: 'large' as const, connections: 16 };
  const ref = makeMeasurement('nginx', [[2000], [2000]], { ...large, flags: ['reference'] });
  const m = makeMeasurement('async@node', [[3000], [3000]], large);
  const reps = (bytes: number, of: typeof m) => of.repetitions.map((r) => ({ ...r, bytesPerSec: bytes }));
  const withBytes = withReferenceRatios([
    { ...ref, repetitions: reps(2e9, ref) },
    { ...m, repetitions: reps(1e9, m) },
  ]);
  expect(withBytes.find((x) => x.target === 'async@node')!.vsReference!.ratio.mean).toBeCloseTo(0.5, 6);
});

test('a lead is stated only where the intervals measure it', () => {
  const apart = findingsOf(makeResults(withReferenceRatios([nginx, fast])));
  expect(plainText(apart[0]!.text)).toMatch(/^small: async@node leads with 100k req\/s \(95 % CI/);
  const tied = findingsOf(makeResults([nginx, fast, close]));
  expect(plainText(tied[0]!.text)).toMatch(
    /async@node and deno-tcp@deno share the lead: their intervals overlap/,
  );
  expect(plainText(tied[0]!.text)).not.toContain('leads');
});

test('summary.md has a vs nginx column only when nginx ran', () => {
  expect(summaryMarkdown(makeResults(withReferenceRatios([nginx, fast])))).toMatch(
    /\| 1 \| `async@node` \| 100k req\/s \| [\d.k]+–[\d.k]+ req\/s \| 2\.0× \(2\.0–2\.0×\) \|/,
  );
  expect(summaryMarkdown(makeResults([fast]))).not.toContain('vs nginx');
});

test('a pacing congestion control is named beside the large figures, in every view, and only then', () => {
  const large = makeMeasurement('async@node', [[3000], [3000]], { scenario: 'large', connections: 16 });
  const env = makeResults([]).environment;
  const paced = makeResults([fast, large], {
    environment: { ...env, tcp: { congestionControl: 'bbr', setByRun: false } },
  });
  const note = /The TCP congestion control, bbr, paces every connection, loopback ones too/;
  expect(pacingNote('bbr', ['large'])).toMatch(note);
  expect(summaryMarkdown(paced)).toMatch(note);
  expect(summaryMarkdown(paced)).toContain('; TCP bbr; ');
  expect(terminalSummary(paced)).toMatch(note);
  expect(renderReport(paced)).toMatch(note);

  // Not paced (set for the run), not recorded (an older file), or nothing long enough to be held back.
  const cubic = makeResults([fast, large], {
    environment: { ...env, tcp: { congestionControl: 'cubic', setByRun: true } },
  });
  expect(pacingNote('cubic', ['large'])).toBeNull();
  expect(summaryMarkdown(cubic)).toContain('; TCP cubic (set for the run); ');
  expect(renderReport(cubic)).not.toMatch(note);
  expect(pacingNote(null, ['large'])).toBeNull();
  const smallOnly = makeResults([fast], {
    environment: { ...env, tcp: { congestionControl: 'bbr', setByRun: false } },
  });
  expect(pacingNote('bbr', ['small'])).toBeNull();
  expect(terminalSummary(smallOnly)).not.toContain('paces');
});

test('a --url server on content of its own is not raced against the servers on the bundled site', () => {
  const own = makeMeasurement('mine', [[300_000], [300_000], [300_000]], {
    answer: { path: '/', status: 200, bodyBytes: 12, source: 'learned', checked: 'bytes', closes: false },
  });
  const said = findingsOf(makeResults([fast, own])).map((f) => plainText(f.text));
  expect(said[0]).toMatch(/^small: async@node leads with 100k req\/s/);
  expect(said).toContainEqual(
    expect.stringMatching(
      /^mine serves content of its own: .*; not the bundled site the other targets serve, so not comparable with them\.$/,
    ),
  );
});

test('the ratio to nginx is shown as what it is: measured, a bound, or not measured', () => {
  const ratio = { mean: 1.5, ci: { low: 1.4, high: 1.6, level: 0.95 } };
  expect(versusText({ ratio, bound: 'exact' })).toBe('1.5× (1.4–1.6×)');
  expect(versusText({ ratio, bound: 'at least' })).toBe('≥ 1.5× (1.4–1.6×)');
  expect(versusText({ ratio, bound: 'at most' })).toBe('≤ 1.5× (1.4–1.6×)');
  expect(versusText({ ratio, bound: 'unknown' })).toBe('not measured (both client-bound)');
  // Both client-bound in their own windows: the round's ratio is two limits of the load generator.
  const both = withReferenceRatios([
    { ...nginx, flags: ['reference', 'client-bound'] },
    { ...fast, flags: ['client-bound'] },
  ]);
  const [small] = rankAll(makeResults(both));
  expect(small!.rows.find((r) => r.measurement.target === 'async@node')!.vsReference!.bound).toBe('unknown');
});
