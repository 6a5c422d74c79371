// The ranking: share of the best, and each target against the nginx reference, as summary.md shows them.
import { expect, test } from 'vitest';
import { renderReport } from '../../../bench/views/html/render.ts';
import { pacingNote, rankAll } from '../../../bench/views/ranking.ts';
import { summaryMarkdown } from '../../../bench/views/summary-md.ts';
import { terminalSummary } from '../../../bench/views/terminal.ts';
import { makeResults, makeRun } from '../fixtures.ts';

const nginx = makeRun('nginx', [[50_000], [50_000]], { flags: ['reference'] });
const fast = makeRun('async@node', [[100_000], [100_000]]);
const bound = makeRun('bun-tcp@bun', [[120_000], [120_000]], { flags: ['client-bound'] });
const wrong = makeRun('workers@node', [[500_000], [500_000]], { flags: ['wrong-answers'] });

test('each target is a ratio of the reference in its column; client-bound makes it a bound', () => {
  const [small] = rankAll(makeResults([nginx, fast, bound, wrong]));
  const byTarget = new Map(small!.rows.map((r) => [r.run.target, r]));
  expect(byTarget.get('async@node')!.vsReference).toEqual({ ratio: 2, bound: 'exact' });
  expect(byTarget.get('bun-tcp@bun')!.vsReference).toEqual({ ratio: 2.4, bound: 'at least' });
  expect(byTarget.get('nginx')!.vsReference).toBeNull();
  expect(byTarget.get('workers@node')!.vsReference).toBeNull(); // not a result, so no ratio either
});

test('the large file is compared by bytes per second', () => {
  const large = { scenario: 'large' as const, connections: 16 };
  const ref = makeRun('nginx', [[2000]], { ...large, bytesPerSec: 2e9, flags: ['reference'] });
  const run = makeRun('async@node', [[3000]], { ...large, bytesPerSec: 1e9 });
  const [column] = rankAll(makeResults([ref, run]));
  expect(column!.rows.find((r) => r.run.target === 'async@node')!.vsReference!.ratio).toBe(0.5);
});

test('summary.md has a vs nginx column only when nginx ran', () => {
  expect(summaryMarkdown(makeResults([nginx, fast]))).toMatch(
    /\| `async@node` \| 100,000 \| 100 % \| 2\.0× \|/,
  );
  expect(summaryMarkdown(makeResults([fast]))).not.toContain('vs nginx');
});

test('a pacing congestion control is named beside the large figures, in every view, and only then', () => {
  const large = makeRun('async@node', [[3000]], { scenario: 'large', connections: 16, bytesPerSec: 3e9 });
  const env = makeResults([]).environment;
  const paced = makeResults([fast, large], {
    environment: { ...env, tcp: { congestionControl: 'bbr', setByRun: false } },
  });
  const note = /The TCP congestion control, bbr, paces every connection, loopback ones too/;
  expect(pacingNote(paced)).toMatch(note);
  expect(summaryMarkdown(paced)).toMatch(/\*\*Note:\*\* The TCP congestion control, bbr,/);
  expect(summaryMarkdown(paced)).toContain('; TCP bbr; ');
  expect(terminalSummary(paced)).toMatch(/^Note: The TCP congestion control, bbr,/m);
  expect(renderReport(paced)).toMatch(note);

  // Not paced (set for the run), not recorded (an older file), or nothing long enough to be held back.
  const cubic = makeResults([fast, large], {
    environment: { ...env, tcp: { congestionControl: 'cubic', setByRun: true } },
  });
  expect(pacingNote(cubic)).toBeNull();
  expect(summaryMarkdown(cubic)).toContain('; TCP cubic (set for the run); ');
  expect(renderReport(cubic)).not.toMatch(note);
  expect(pacingNote(makeResults([fast, large]))).toBeNull();
  const smallOnly = makeResults([fast], {
    environment: { ...env, tcp: { congestionControl: 'bbr', setByRun: false } },
  });
  expect(pacingNote(smallOnly)).toBeNull();
  expect(terminalSummary(smallOnly)).not.toContain('paces');
});
