// The flags that decide whether a figure is a result, checked on real runs of the harness: a server that
// answers wrong comes out `wrong-answers` with every engine, one that dies mid-run `died`, one that fails
// the preflight `preflight-failed`. Short runs on loopback, one at a time.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_NAMES, type EngineName } from '../../bench/engines/registry.ts';
import type { Results } from '../../bench/model/schema.ts';
import { validateResults } from '../../bench/results/earlier-versions.ts';
import { DEFAULT_ROOT, REPO_ROOT } from '../../servers/launch.ts';

const WRONG_SERVER = join(REPO_ROOT, 'test', 'bench', 'servers', 'wrong-server.mjs');
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** The deliberately wrong server, and the port it listens on. */
async function wrongServer(mode: 'length' | 'status' | 'body', root = DEFAULT_ROOT): Promise<number> {
  const child = spawn(process.execPath, [WRONG_SERVER, root, mode, '10'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return (JSON.parse(line) as { port: number }).port;
}

interface BenchRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly results: Results;
  readonly summary: string;
}

function bench(args: readonly string[], onStart?: (child: ChildProcess) => void): Promise<BenchRun> {
  const out = mkdtempSync(join(tmpdir(), 'bench-flags-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench', 'cli', 'bench.ts'), ...args, '--out', out],
    { cwd: REPO_ROOT, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  onStart?.(child);
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      try {
        const checked = validateResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
        if ('error' in checked) throw new Error(checked.error);
        resolve({ code, stderr, results: checked, summary: readFileSync(join(out, 'summary.md'), 'utf8') });
      } catch (e) {
        reject(new Error(`${(e as Error).message}\n${stderr}`));
      }
    }),
  );
}

const SHORT = ['--duration', '2', '--repeats', '1', '--warmup', '0'];

describe.each(ENGINE_NAMES as EngineName[])('with %s', (engine) => {
  it('a server that answers some requests with the wrong length is wrong-answers, not ranked', async () => {
    const port = await wrongServer('length');
    const { code, results, summary, stderr } = await bench([
      '--url',
      `http://127.0.0.1:${port}`,
      '--name',
      'short-body',
      '--scenarios',
      'small',
      '--engine',
      engine,
      ...SHORT,
    ]);
    expect(code, stderr).toBe(0);
    const [m] = results.measurements;
    expect(m!.flags).toContain('wrong-answers');
    expect(m!.repetitions[0]!.wrongAnswers).toBeGreaterThan(0);
    // Listed, never ranked: no rank number in its row of summary.md.
    expect(summary).toMatch(/\| {2}\| `short-body` \| – \|/);
  }, 60_000);

  it('a server that answers 500 where 404 is right is wrong-answers in missing', async () => {
    const port = await wrongServer('status');
    const { results } = await bench([
      '--url',
      `http://127.0.0.1:${port}`,
      '--name',
      'five-hundred',
      '--scenarios',
      'missing',
      '--engine',
      engine,
      ...SHORT,
    ]);
    expect(results.measurements[0]!.flags).toContain('wrong-answers');
  }, 60_000);
});

describe('with the default engine', () => {
  it('a body with a wrong byte under the right length is wrong-answers', async () => {
    const port = await wrongServer('body');
    const { results } = await bench(['--url', `http://127.0.0.1:${port}`, '--scenarios', 'small', ...SHORT]);
    expect(results.environment.engine.name).toBe('loadgen');
    expect(results.measurements[0]!.flags).toContain('wrong-answers');
  }, 60_000);

  it('a server that fails the preflight is preflight-failed and not loaded', async () => {
    // The request named answers 404 where 200 was asked for: never measured silently.
    const port = await wrongServer('length');
    const { results } = await bench([
      '--url',
      `http://127.0.0.1:${port}/gone.html`,
      '--scenarios',
      'small',
      ...SHORT,
    ]);
    const [m] = results.measurements;
    expect(m!.flags).toContain('preflight-failed');
    expect(m!.repetitions).toEqual([]);
    expect(m!.stderr).toMatch(/^preflight: GET \/gone\.html answered 404, expected 200/);
  }, 60_000);

  it('a server that dies during the run is died, with how it ended', async () => {
    const { results } = await bench(
      [
        '--targets',
        'async@node',
        '--scenarios',
        'small',
        '--duration',
        '3',
        '--repeats',
        '1',
        '--warmup',
        '0',
      ],
      (child) => {
        // A second into the server's life, with no warm-up, its window is under way: kill it there.
        const seen = new Map<number, number>();
        const watch = setInterval(() => {
          for (const pid of serverPids(child.pid!)) {
            const since = seen.get(pid) ?? Date.now();
            seen.set(pid, since);
            if (Date.now() - since > 1000) {
              process.kill(pid, 'SIGKILL');
              clearInterval(watch);
            }
          }
        }, 50);
        child.once('exit', () => clearInterval(watch));
      },
    );
    const [m] = results.measurements;
    expect(m!.flags).toContain('died');
    expect(m!.stderr).toMatch(/the server exited \(signal SIGKILL\)/);
  }, 60_000);
});

describe('after the warm-up', () => {
  // A warm-up window ends with connections the engine opened and leaves unanswered; on the sequential
  // server they wait in its queue, paused. Bun reported the end of some of them there, once, before their
  // turn; sequential@bun missed it and waited for one of them for good, so every figure after its first
  // warm-up window was 0 req/s, errors. (Leaving one connection that way by hand did not reproduce it.)
  it.each(['sequential@node', 'sequential@bun', 'sequential@deno'])(
    '%s still answers every request of the measured window',
    async (target) => {
      const { results } = await bench([
        '--targets',
        target,
        '--scenarios',
        'small',
        '--repeats',
        '1',
        '--duration',
        '1',
        '--warmup',
        '2',
      ]);
      const [m] = results.measurements;
      expect(m!.flags).not.toContain('errors');
      expect(m!.repetitions[0]!.requests).toBeGreaterThan(100);
      expect(m!.repetitions[0]!.errors + m!.repetitions[0]!.timeouts).toBe(0);
    },
    60_000,
  );
});

/** The harness's server processes: the node processes below it that run a server bundle. */
function serverPids(harness: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === harness && cmd.includes('servers/async/main.mjs')) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
