// The Artillery path on loopback, as a team would take it to many load machines: the scenarios exported
// as scripts, one run locally with the `artillery` package at a small fixed rate against a real server,
// its JSON report imported into results.json (engine artillery) and drawn by the report, its req/s within
// 10 % of loadgen's at the same rate against the same server. And the scripts' checks, against a server
// that answers one request in ten a byte short.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement, Results } from '../../../bench/model/schema.ts';
import { DEFAULT_ROOT, REPO_ROOT, runtimeBinary } from '../../../servers/launch.ts';
import { type RunningServer, startServer } from '../../helpers/server-process.ts';

const ARTILLERY = join(REPO_ROOT, 'node_modules', 'artillery', 'bin', 'run');
const WRONG_SERVER = join(REPO_ROOT, 'test', 'bench', 'servers', 'wrong-server.mjs');
const RATE = 200;
const dir = mkdtempSync(join(tmpdir(), 'artillery-'));
let server: RunningServer;
const started: ChildProcess[] = [];

function bench(script: string, args: readonly string[]) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench', 'cli', script), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Artillery 2.0.34 wants Node 22.18 or later: it runs on the Node 24 that npm ci brings for the servers. */
function artillery(script: string, report: string, origin: string) {
  const run = spawnSync(
    runtimeBinary('node'),
    [ARTILLERY, 'run', '--target', origin, '--output', report, script],
    {
      cwd: dir,
      env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (run.status !== 0) throw new Error(`artillery exited ${run.status}: ${run.stderr}\n${run.stdout}`);
}

const results = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Results;

beforeAll(async () => {
  server = await startServer('async@node');
}, 60_000);

afterAll(async () => {
  await server?.stop();
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

describe('export, run with artillery, import, report', () => {
  let imported: Measurement;
  let loadgen: Measurement;

  it('--export artillery writes a script per point it can express and says what it leaves out', () => {
    const out = bench('bench.ts', [
      '--export',
      'artillery',
      join(dir, 'scripts'),
      '--scenarios',
      'small,close,large,missing,slowloris,latency',
      '--rates',
      String(RATE),
      '--duration',
      '3',
    ]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('artillery: slowloris left out: its slow clients run beside the load');
    expect(readdirSync(join(dir, 'scripts')).sort()).toEqual([
      'close.c50.d3.yml',
      'large.c16.d3.yml',
      'latency.c50.r200.d3.yml',
      'missing.c50.d3.yml',
      'shootout-checks.cjs',
      'small.c50.d3.yml',
    ]);
    const close = readFileSync(join(dir, 'scripts', 'close.c50.d3.yml'), 'utf8');
    expect(close).toContain('Connection: close');
    expect(close).toMatch(/pool: 50\n/);
    expect(readFileSync(join(dir, 'scripts', 'latency.c50.r200.d3.yml'), 'utf8')).toMatch(
      /duration: 3\n\s+arrivalRate: 200\n/,
    );
  });

  it('runs the open-loop script and imports its report as a measurement of engine artillery', () => {
    const origin = `http://127.0.0.1:${server.port}`;
    artillery(join(dir, 'scripts', 'latency.c50.r200.d3.yml'), join(dir, 'latency.json'), origin);
    const out = bench('bench.ts', [
      '--import',
      'artillery',
      join(dir, 'latency.json'),
      '--name',
      'async@node',
      '--out',
      join(dir, 'imported'),
    ]);
    expect(out.code, out.stderr).toBe(0);
    const file = results(join(dir, 'imported', 'results.json'));
    expect(file.environment.engine.name).toBe('artillery');
    expect(file.environment.engine.version).toBe('2.0.34');
    expect(file.measurements).toHaveLength(1);
    imported = file.measurements[0]!;
    expect(imported).toMatchObject({
      target: 'async@node',
      scenario: 'latency',
      connections: 50,
      offeredRate: RATE,
    });
    expect(imported.flags).toEqual(['remote']);
    expect(imported.repetitions[0]!.wrongAnswers).toBe(0);
    expect(imported.server.cpuPercent).toBeNull();
  }, 120_000);

  it('agrees with loadgen at the same rate within 10 %', () => {
    const out = bench('bench.ts', [
      '--url',
      `http://127.0.0.1:${server.port}`,
      '--name',
      'async@node',
      '--scenarios',
      'latency',
      '--rates',
      String(RATE),
      '--duration',
      '3',
      '--repeats',
      '1',
      '--warmup',
      '1',
      '--out',
      join(dir, 'loadgen'),
    ]);
    expect(out.code, out.stderr).toBe(0);
    loadgen = results(join(dir, 'loadgen', 'results.json')).measurements.find((m) => m.offeredRate === RATE)!;
    const ratio = imported.requestsPerSec.mean / loadgen.requestsPerSec.mean;
    console.log(
      `artillery ${imported.requestsPerSec.mean.toFixed(1)} req/s (p50 ${imported.latencyMs.p50} ms, p99 ${imported.latencyMs.p99} ms); ` +
        `loadgen ${loadgen.requestsPerSec.mean.toFixed(1)} req/s (p50 ${loadgen.latencyMs.p50} ms, p99 ${loadgen.latencyMs.p99} ms); ratio ${ratio.toFixed(3)}`,
    );
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  }, 120_000);

  it('the report draws the imported measurement like any other', () => {
    const out = bench('report.ts', [join(dir, 'imported', 'results.json')]);
    expect(out.code, out.stderr).toBe(0);
    const html = readFileSync(join(dir, 'imported', 'index.html'), 'utf8');
    expect(html.includes('artillery 2.0.34'), 'the method section names the engine').toBe(true);
    expect(readFileSync(join(dir, 'imported', 'summary.md'), 'utf8')).toContain('async@node');
  }, 60_000);
});

it('the scripts count a wrong length as a wrong answer, and the import flags it', async () => {
  const child = spawn(process.execPath, [WRONG_SERVER, DEFAULT_ROOT, 'length', '10'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  const origin = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
  const out = bench('bench.ts', [
    '--export',
    'artillery',
    join(dir, 'wrong'),
    '--scenarios',
    'small',
    '--connections',
    '4',
    '--duration',
    '1',
  ]);
  expect(out.code, out.stderr).toBe(0);
  artillery(join(dir, 'wrong', 'small.c4.d1.yml'), join(dir, 'wrong.json'), origin);
  const imported = bench('bench.ts', [
    '--import',
    'artillery',
    join(dir, 'wrong.json'),
    '--name',
    'wrong',
    '--out',
    join(dir, 'wrong-run'),
  ]);
  expect(imported.code, imported.stderr).toBe(0);
  const [m] = results(join(dir, 'wrong-run', 'results.json')).measurements;
  expect(m!.repetitions[0]!.wrongAnswers).toBeGreaterThan(0);
  expect(m!.flags).toContain('wrong-answers');
}, 120_000);
