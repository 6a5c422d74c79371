// Gates and exports on real runs of the harness over loopback: a run that fails its absolute gates on
// purpose (limits set beyond a real server's figures), one that passes, one that fails a change gate
// against a real baseline (the same server holding each answer 200 ms instead of 20), a client-bound figure
// meeting a gate, and every export read back by the readers of ./readers.ts, written from each format's
// published description. Three short runs, one after the other.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../../bench/model/schema.ts';
import { EXIT_GATE_FAILED } from '../../../bench/results/gates.ts';
import { DEFAULT_ROOT, REPO_ROOT } from '../../../servers/launch.ts';
import { readBmf, readCustomBenchmarkFile, readHistogramLog } from './readers.ts';

const SLOW_SERVER = join(REPO_ROOT, 'test', 'bench', 'servers', 'slow-server.mjs');
const SHORT = ['--scenarios', 'small', '--duration', '1', '--repeats', '3', '--warmup', '1'];
/** The baseline and the regression: five repetitions each, so a loaded machine's scatter cannot hide it. */
const FIVE = ['--scenarios', 'small', '--duration', '1', '--repeats', '5', '--warmup', '1'];
const started: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'gates-'));

interface Run {
  readonly code: number | null;
  readonly stderr: string;
}

function cli(script: string, args: readonly string[]): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench', 'cli', script), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

async function slowServer(delayMs: number): Promise<string> {
  const child = spawn(process.execPath, [SLOW_SERVER, DEFAULT_ROOT, String(delayMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
}

const readResults = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Results;
const gateLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('gate'));

let absolute: Run;
let passing: Run;
let relative: Run;

beforeAll(async () => {
  // 1. A server holding each answer 20 ms (at most 2,500 req/s at 50 connections: well below what the
  // engine reaches here, so never client-bound, however loaded the machine), with its exports and gates
  // it cannot meet: p99 under a microsecond and a million requests a second.
  absolute = await cli('bench.ts', [
    '--url',
    await slowServer(20),
    '--name',
    'srv',
    ...SHORT,
    '--out',
    join(dir, 'a'),
    '--export',
    'customBiggerIsBetter',
    join(dir, 'bigger.json'),
    '--export',
    'customSmallerIsBetter',
    join(dir, 'smaller.json'),
    '--export',
    'bencher',
    join(dir, 'bencher.json'),
    '--export',
    'hdrhistogram',
    join(dir, 'hlog'),
    '--gate',
    'small.p99 < 1us',
    '--gate',
    'srv:small.requestsPerSec > 1000000',
  ]);
  // 2. The same, with gates it meets: the baseline of 3.
  passing = await cli('bench.ts', [
    '--url',
    await slowServer(20),
    '--name',
    'srv',
    ...FIVE,
    '--out',
    join(dir, 'b'),
    '--gate',
    'small.requestsPerSec > 1',
    '--gate',
    'srv:small.p99 < 10s',
  ]);
  // 3. The same program holding each answer 200 ms (at most 250 req/s): a real regression, held to a
  // gate in a file as a repository would keep it.
  writeFileSync(
    join(dir, 'gates.txt'),
    '# no server slower than the baseline by more than 5 %\n*.change > -5%\n',
  );
  relative = await cli('bench.ts', [
    '--url',
    await slowServer(200),
    '--name',
    'srv',
    ...FIVE,
    '--out',
    join(dir, 'c'),
    '--baseline',
    join(dir, 'b', 'results.json'),
    '--gates',
    join(dir, 'gates.txt'),
  ]);
}, 240_000);

afterAll(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

describe('gates on real runs', () => {
  it('an absolute gate beyond the figure fails the run: exit 3, one line per failure', () => {
    expect(absolute.code, absolute.stderr).toBe(EXIT_GATE_FAILED);
    const lines = gateLines(absolute.stderr);
    expect(lines).toEqual([
      expect.stringMatching(
        /^gate failed: srv, small, p99 [\d.,]+ (ms|µs) \(every request of every repetition\), limit < 1 µs {3}\[small.p99 < 1us\]$/,
      ),
      expect.stringMatching(
        /^gate failed: srv, small, requestsPerSec [\d,]+ req\/s \(low end of the 95 % interval, mean [\d,]+ req\/s\), limit > 1,000,000 req\/s/,
      ),
      'gates: 2 failed of 2 figures checked by 2 gates',
    ]);
    // The run's files and exports are written all the same.
    expect(readResults(join(dir, 'a', 'results.json')).measurements).toHaveLength(1);
  });

  it('gates the figures meet pass: exit 0', () => {
    expect(passing.code, passing.stderr).toBe(0);
    expect(gateLines(passing.stderr)).toEqual(['gates: all 2 passed (2 figures checked)']);
  });

  it('a change gate from a file fails on a significant regression against the baseline: exit 3', () => {
    expect(relative.code, relative.stderr).toBe(EXIT_GATE_FAILED);
    expect(gateLines(relative.stderr)[0]).toMatch(
      /^gate failed: srv, small, change -\d+(\.\d+)? % \(requestsPerSec, significant \(p = [\d.e-]+, n = \d+ and \d+\), by the figure\), limit > -5 % {3}\[\*.change > -5%\]$/,
    );
  });

  it('a client-bound figure passes a throughput floor it clears and fails a latency gate, with the reason', () => {
    // No run here can be made client-bound at will (it takes a server faster than the engine on this
    // machine): the real run's file, with the flag the harness sets when the load generator saturates.
    const results = readResults(join(dir, 'b', 'results.json'));
    const bound = {
      ...results,
      measurements: results.measurements.map((m) => ({ ...m, flags: [...m.flags, 'client-bound'] })),
    };
    writeFileSync(join(dir, 'bound.json'), JSON.stringify(bound));
    const compareWith = (gate: string) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(REPO_ROOT, 'bench', 'cli', 'compare.ts'),
          join(dir, 'b', 'results.json'),
          join(dir, 'bound.json'),
          '--gate',
          gate,
        ],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
    // A lower bound of the server's throughput: the server served at least this much.
    const floor = compareWith('small.requestsPerSec > 1');
    expect(floor.status, floor.stderr).toBe(0);
    expect(`${floor.stdout}${floor.stderr}`).toMatch(/gates: all 1 passed/);
    // A latency taken while the client was the limit is partly the client's: not measured, whatever it is.
    const latency = compareWith('small.p99 < 60s');
    expect(latency.status, latency.stderr).toBe(EXIT_GATE_FAILED);
    expect(gateLines(latency.stderr)[0]).toMatch(
      /^gate failed: srv, small, p99 not measured \(client-bound: the load generator was the limit, so the figure is not the server’s\), limit < 60,000 ms/,
    );
  });
});

describe('exports read back by readers written from the formats’ descriptions', () => {
  const results = () => readResults(join(dir, 'a', 'results.json'));

  it("github-action-benchmark's customBiggerIsBetter: the ranked figure with its interval", () => {
    const [entry, ...rest] = readCustomBenchmarkFile(readFileSync(join(dir, 'bigger.json'), 'utf8'));
    const m = results().measurements[0]!;
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ name: 'srv small - requests per second', unit: 'req/s' });
    expect(entry!.value).toBeCloseTo(m.requestsPerSec.mean, 0);
    expect(entry!.range).toMatch(/^± [\d.]+$/);
  });

  it("github-action-benchmark's customSmallerIsBetter: p50 and p99 in ms", () => {
    const entries = readCustomBenchmarkFile(readFileSync(join(dir, 'smaller.json'), 'utf8'));
    const m = results().measurements[0]!;
    expect(entries.map((e) => [e.name, e.unit])).toEqual([
      ['srv small - p50 latency', 'ms'],
      ['srv small - p99 latency', 'ms'],
    ]);
    expect(entries[1]!.value).toBeCloseTo(m.latencyMs.p99, 2);
  });

  it('Bencher Metric Format: throughput in req/s and latency in ns, each within its bounds', () => {
    const bmf = readBmf(readFileSync(join(dir, 'bencher.json'), 'utf8'));
    const m = results().measurements[0]!;
    const measures = bmf.get('srv small')!;
    expect([...measures.keys()]).toEqual(['throughput', 'latency']);
    const throughput = measures.get('throughput')!;
    expect(throughput).toEqual({
      value: m.requestsPerSec.mean,
      lower_value: m.requestsPerSec.ci!.low,
      upper_value: m.requestsPerSec.ci!.high,
    });
    const latency = measures.get('latency')!;
    expect(latency.value).toBeCloseTo(m.latencyMs.p99 * 1e6, 0);
    expect(latency.lower_value!).toBeLessThanOrEqual(latency.value);
    expect(latency.upper_value!).toBeGreaterThanOrEqual(latency.value);
  });

  it('HdrHistogram log: the merged histogram holds the run’s p99 and maximum', () => {
    const m = results().measurements[0]!;
    expect(readdirSync(join(dir, 'hlog'))).toEqual(['srv-small-c50.hlog']);
    const [interval, ...more] = readHistogramLog(
      readFileSync(join(dir, 'hlog', 'srv-small-c50.hlog'), 'utf8'),
    );
    expect(more).toEqual([]);
    expect(interval!.tag).toBe('srv small');
    // Values are µs; the max column is in ms.
    expect(interval!.max).toBeCloseTo(m.latencyMs.max, 2);
    const p99 = interval!.histogram.valueAtPercentile(99) / 1000;
    expect(Math.abs(p99 - m.latencyMs.p99) / m.latencyMs.p99).toBeLessThan(0.002);
    expect(interval!.histogram.totalCount).toBeGreaterThanOrEqual(
      m.repetitions.reduce((t, r) => t + r.requests, 0),
    );
  });

  it('report --export writes the same files from an existing results.json', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'bench', 'cli', 'report.ts'),
        join(dir, 'a', 'results.json'),
        '--export',
        'bencher',
        join(dir, 'again.json'),
        '--export',
        'hdrhistogram',
        join(dir, 'hlog-again'),
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'bencher.json'), 'utf8'),
    );
    expect(readdirSync(join(dir, 'hlog-again'))).toEqual(['srv-small-c50.hlog']);
  });
});
