// The command lines, spawned as users run them: bad input is one line on stderr and exit 2; compare's
// exit code is what CI relies on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../servers/launch.ts';
import { makeMeasurement, makeResults, samplesAround } from '../fixtures.ts';

function run(script: string, args: readonly string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench', 'cli', script), ...args],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run bench: command-line errors', () => {
  it.each([
    [['--frobnicate'], /^bench: unknown flag "--frobnicate"/],
    [
      ['--targets', 'nosuch'],
      /^bench: unknown target "nosuch"; valid: sequential@node, .*async@node, .*nginx$/m,
    ],
    [
      ['--targets', 'async@perl'],
      /^bench: target "async@perl": unknown runtime "perl"; valid: node, bun, deno$/m,
    ],
    [['--duration', 'five'], /^bench: --duration must be a number of seconds like 2 or 1.5, got "five"/],
    [['--scenarios', 'tiny'], /^bench: unknown scenario "tiny"; valid: small, close/],
    [['--engine', 'ab'], /^bench: --engine must be one of loadgen, wrk, autocannon/],

    [['--client-cpus', '999'], /^bench: CPU 999 does not exist/],
    [['--baseline', '/nonexistent/results.json'], /^bench: --baseline: cannot read/],
    [
      ['--export', 'junit', 'x.xml'],
      /^bench: --export format "junit" is not one of customBiggerIsBetter, .*artillery$/m,
    ],
    [
      ['--export', 'bencher'],
      /^bench: --export needs a format and a file, like --export bencher bencher.json$/m,
    ],
    [['--import', 'k6', 'r.json'], /^bench: --import format "k6" is not one of artillery$/m],
    [
      ['--gate', 'small.p99 < five'],
      /^bench: --gate: gate "small.p99 < five" is not \[TARGET:\]SCENARIO.FIGURE OP LIMIT/,
    ],
    [
      ['--gates', '/nonexistent/gates.txt'],
      /^bench: --gates: cannot read \/nonexistent\/gates.txt: ENOENT$/m,
    ],
    [['--gate', '*.change > -5%'], /^bench: a change gate compares with a baseline: give --baseline FILE$/m],
    [
      ['--export', 'artillery', 'dir', '--export', 'bencher', 'b.json'],
      /^bench: --export artillery writes the scenarios without measuring/,
    ],
    [
      ['--import', 'artillery', '/nonexistent/report.json'],
      /^bench: --import artillery: cannot read \/nonexistent\/report.json/,
    ],
    [['--tcp-congestion', 'Cu bic'], /^bench: --tcp-congestion needs a congestion control's name/],
    [
      ['--tcp-congestion', 'nosuch'],
      /^bench: --tcp-congestion: ("nosuch" is not available here; available: \w+|this system has no )/,
    ],
  ])('%j: one line naming the problem, exit 2', (args, message) => {
    const { code, stdout, stderr } = run('bench.ts', args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  it('prints its help and exits 0', () => {
    const { code, stdout } = run('bench.ts', ['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--targets',
      '--scenarios',
      '--quick',
      '--full',
      '--seed',
      '--engine',
      '--no-pin',
      '--baseline',
      '--url',
      '--json',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});

describe('npm run compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-compare-'));
  const write = (name: string, level: number) => {
    const path = join(dir, name);
    const reps = [0, 1, 2].map((i) => samplesAround(level + i * 7, 5));
    writeFileSync(path, JSON.stringify(makeResults([makeMeasurement('async@node', reps)], { runId: name })));
    return path;
  };
  const base = write('base.json', 10_000);
  const same = write('same.json', 10_000);
  const slower = write('slower.json', 8_000);

  it('exits 1 on a significant regression beyond the threshold, naming the test', () => {
    const { code, stdout } = run('compare.ts', [base, slower]);
    expect(code).toBe(1);
    expect(stdout).toContain("Welch's two-sided t-test");
    expect(stdout).toContain('**regression**');
  });

  it('exits 0 without one, and when the threshold is above the change', () => {
    expect(run('compare.ts', [base, same]).code).toBe(0);
    expect(run('compare.ts', [base, slower, '--threshold', '25']).code).toBe(0);
  });

  it('exits 2 on a bad command line or an invalid file', () => {
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ version: 1, runs: 'none' }));
    expect(run('compare.ts', [base]).code).toBe(2);
    expect(run('compare.ts', [base, slower, '--threshold', 'lots']).code).toBe(2);
    const bad = run('compare.ts', [base, invalid]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^compare: .*invalid\.json: results\.runId/);
  });
});

describe('npm run report', () => {
  it('draws index.html and summary.md next to a results file without measuring', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    const file = join(dir, 'results.json');
    writeFileSync(
      file,
      JSON.stringify(
        makeResults([makeMeasurement('async@node', [[100, 101]]), makeMeasurement('nginx', [[200, 190]])]),
      ),
    );
    const { code, stderr } = run('report.ts', [file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    // One repetition each: no interval, so neither place is measured.
    expect(summary).toMatch(/\| 1–2 \| `nginx` \| 195 req\/s \| – \| 100 % \|/);
    expect(summary).toMatch(/\| 1–2 \| `async@node` \| 101 req\/s \| – \| 51.5 % \|/);
  });
});
