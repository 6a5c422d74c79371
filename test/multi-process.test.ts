// The servers that run several processes (cluster, reuseport), with 2 workers on every runtime they
// claim: every worker answers, a killed worker is replaced while the others go on answering, SIGTERM
// leaves no process behind, and N follows the CPUs the server may run on. Which worker answered is read
// from the per-worker counts each prints on stderr as it stops, never from the bytes sent, which must
// stay those of the single-process servers (the conformance suite checks them).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ServedLine } from '../servers/core/options.ts';
import { serverCommand } from '../servers/launch.ts';
import { allTargets, type Target, targetName } from '../servers/registry.ts';
import { descendants, isAlive } from './helpers/processes.ts';
import { type Exchange, exchange, get } from './helpers/raw-client.ts';
import { type RunningServer, startServer } from './helpers/server-process.ts';

const targets = allTargets().filter(
  (t) =>
    t.impl.group === 'multi-process' &&
    (!process.env.TARGETS || process.env.TARGETS.split(',').includes(targetName(t))),
);

const running: RunningServer[] = [];

async function start(t: Target, args: readonly string[]): Promise<RunningServer> {
  const server = await startServer(t, args);
  running.push(server);
  return server;
}

// A test that fails midway leaves its server running: kill the primary, and its workers follow it.
afterEach(async () => {
  for (const server of running.splice(0)) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) continue;
    server.child.kill('SIGKILL');
    await server.exited;
  }
});

/** Everything the server and its workers wrote to stderr, once the last of them has closed it. */
async function finalStderr(server: RunningServer): Promise<string> {
  const stream = server.child.stderr!;
  if (!stream.closed) await new Promise((closed) => stream.once('close', closed));
  return server.stderr();
}

function servedLines(stderr: string): ServedLine[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{"event":"served"'))
    .map((line) => JSON.parse(line) as ServedLine);
}

const byNumber = (a: number, b: number): number => a - b;

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `n` connections, one request each, at once: the statuses. */
async function requests(port: number, n: number): Promise<number[]> {
  return (await Promise.all(Array.from({ length: n }, () => get(port, '/')))).map((r) => r.status);
}

/**
 * `n` connections in `waves` bursts 50 ms apart: the statuses. Workers that accept from one shared queue
 * (cluster, SCHED_NONE) race for each burst, and the first one the kernel wakes may drain all of it
 * (cluster@deno took all 120 of a single burst in about 1 run in 10 on a busy machine); over several
 * bursts, a worker that takes none is one that does not accept.
 */
async function requestsInWaves(port: number, n: number, waves: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < waves; i++) {
    statuses.push(...(await requests(port, Math.floor(n / waves) + (i < n % waves ? 1 : 0))));
    await new Promise((r) => setTimeout(r, 50));
  }
  return statuses;
}

/** `n` connections as `requests`, each one's exchange, unanswered ones too (after 3 s). */
function exchanges(port: number, n: number): Promise<Exchange[]> {
  const request = 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';
  return Promise.all(Array.from({ length: n }, () => exchange(port, request, { timeoutMs: 3000 })));
}

/** Starts a target without --workers, under `taskset -c cpus` when given: how many workers it starts. */
async function defaultWorkers(t: Target, cpus?: string): Promise<number> {
  const command = serverCommand(t, ['--port', '0']);
  const [file, args] =
    cpus === undefined
      ? [command.file, command.args]
      : ['taskset', ['-c', cpus, command.file, ...command.args]];
  const child = spawn(file, args, { cwd: command.cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((ready, failed) => {
      child.stdout.once('data', ready);
      child.once('exit', (code) => failed(new Error(`exited with ${code} before it was ready`)));
    });
    return descendants(child.pid!).length;
  } finally {
    child.kill('SIGTERM');
    await new Promise((exited) => (child.exitCode === null ? child.once('exit', exited) : exited(null)));
  }
}

describe.each(targets.map((t) => [targetName(t), t] as const))('%s', (_name, t) => {
  test('with 2 workers, 120 connections in 6 bursts reach both, each counted once', async () => {
    const server = await start(t, ['--workers', '2']);
    const workers = descendants(server.ready.pid);
    expect(workers).toHaveLength(2);
    expect(await requestsInWaves(server.port, 120, 6)).toEqual(Array(120).fill(200));
    expect(await server.stop()).toBe(0);
    const served = servedLines(await finalStderr(server));
    expect(served.map((s) => s.pid).sort(byNumber)).toEqual([...workers].sort(byNumber));
    expect(served.map((s) => s.worker).sort(byNumber)).toEqual([1, 2]);
    for (const s of served) expect(s.connections, `worker ${s.worker}`).toBeGreaterThan(0);
    expect(served.reduce((sum, s) => sum + s.connections, 0)).toBe(120);
  });

  test('SIGTERM closes idle connections on every worker and stops every process within 2 s', async () => {
    const server = await start(t, ['--workers', '2']);
    const processes = [server.ready.pid, ...descendants(server.ready.pid)];
    expect(processes).toHaveLength(3);
    // Keep-alive connections left idle after an answer, spread over both workers.
    const idle = Array.from({ length: 20 }, () =>
      exchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 5000 }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(processes.filter(isAlive)).toEqual([]);
    for (const ex of await Promise.all(idle)) {
      expect(ex.responses[0]?.status).toBe(200);
      expect(ex.ended).toBe('fin');
    }
    const served = servedLines(await finalStderr(server));
    expect(served.reduce((sum, s) => sum + s.connections, 0)).toBe(20);
  });

  test('a killed worker is replaced, and the server answers throughout', async () => {
    const server = await start(t, ['--workers', '2']);
    const [victim, survivor] = descendants(server.ready.pid) as [number, number];
    process.kill(victim, 'SIGKILL');
    await until(() => server.stderr().includes(`(pid ${victim}) ended`), 'the primary saw the worker end');
    expect(server.stderr()).toMatch(
      new RegExp(
        `^${t.impl.id}: worker [12] \\(pid ${victim}\\) ended \\(SIGKILL\\); starting another$`,
        'm',
      ),
    );
    // While the new worker starts, the survivor takes every connection: none is handed to the new one
    // before its server takes connections (cluster on Deno did that while its primary handed them over).
    const during = await exchanges(server.port, 100);
    const unanswered = during.filter((ex) => ex.responses[0]?.status !== 200);
    expect(unanswered).toEqual([]);
    const listening = new RegExp(`^${t.impl.id}: worker [12] \\(pid (\\d+)\\) is listening$`, 'm');
    await until(() => listening.test(server.stderr()), 'the new worker listens');
    const replacement = Number(listening.exec(server.stderr())![1]);
    const workers = descendants(server.ready.pid);
    expect(workers.sort(byNumber)).toEqual([survivor, replacement].sort(byNumber));
    const processes = [server.ready.pid, ...workers];
    expect(await requests(server.port, 100)).toEqual(Array(100).fill(200));
    expect(await server.stop()).toBe(0);
    expect(processes.filter(isAlive)).toEqual([]);
    const served = servedLines(await finalStderr(server));
    expect(served.map((s) => s.pid).sort(byNumber)).toEqual([...workers].sort(byNumber));
    expect(served.map((s) => s.worker).sort(byNumber)).toEqual([1, 2]);
  });

  test('when no worker can start again, the server ends with a clear last line', async () => {
    // A replacement reads its root again: with the root gone it cannot start, and the last worker is lost.
    const root = mkdtempSync(join(tmpdir(), 'multi-process-'));
    writeFileSync(join(root, 'index.html'), 'hello\n');
    const server = await start(t, ['--workers', '1', '--root', root]);
    rmSync(root, { recursive: true });
    process.kill(descendants(server.ready.pid)[0]!, 'SIGKILL');
    expect(await server.exited).toBe(1);
    const lines = (await finalStderr(server)).trim().split('\n');
    expect(lines.at(-1)).toBe(`${t.impl.id}: every worker has ended`);
    expect(lines.at(-2)).toMatch(new RegExp(`^${t.impl.id}: worker 1 did not start again: `));
  });

  test('--workers defaults to the CPUs the server may run on', async () => {
    expect(await defaultWorkers(t, '0')).toBe(1);
    // As many as this test process may use: the server inherits its CPU affinity.
    expect(await defaultWorkers(t)).toBe(availableParallelism());
  });
});
