// The process contract every server keeps, on every runtime: ready line, clean shutdown, one-line
// errors for a taken port, a bad flag or a missing root; and the serve CLI in front of it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runtimeBinary, serverCommand } from '../servers/launch.ts';
import { allTargets, IMPLEMENTATIONS, RUNTIMES, type Target, targetName } from '../servers/registry.ts';
import { exchange } from './helpers/raw-client.ts';
import { startServer } from './helpers/server-process.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs a target's command to completion with the given flags: for start-up failures. */
function runToExit(t: Target, args: string[]): { code: number | null; stderr: string } {
  const c = serverCommand(t, args);
  const r = spawnSync(c.file, c.args, { cwd: c.cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stderr: r.stderr };
}

const targets = allTargets().filter(
  (t) => !process.env.TARGETS || process.env.TARGETS.split(',').includes(targetName(t)),
);

describe.each(targets.map((t) => [targetName(t), t] as const))('%s', (_name, t) => {
  test('SIGTERM closes idle connections and exits 0 within 2 s, leaving no process behind', async () => {
    const server = await startServer(t);
    const idle = exchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(alive(server.ready.pid)).toBe(false);
    const ex = await idle;
    expect(ex.responses[0]?.status).toBe(200);
    expect(ex.closed).toBe(true);
  });

  test('a second server on the same port fails with one clear line', async () => {
    const first = await startServer(t);
    try {
      const second = runToExit(t, ['--port', String(first.port)]);
      expect(second.code).not.toBe(0);
      expect(second.stderr.trim()).toBe(`port ${first.port} on 127.0.0.1 is already in use`);
    } finally {
      await first.stop();
    }
  });

  test('a bad flag is one line on stderr and exit 2', () => {
    const r = runToExit(t, ['--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('--port must be a whole number, got "eighty"');
  });

  test('a missing root is one line on stderr and a non-zero exit', () => {
    const r = runToExit(t, ['--root', '/no/such/dir']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('root directory not found: /no/such/dir');
  });
});

describe('runtimes the registry says an implementation does not run on', () => {
  const claims = IMPLEMENTATIONS.flatMap((impl) =>
    RUNTIMES.filter((r) => !impl.runtimes.includes(r)).map(
      (runtime) => [`${impl.id}@${runtime}`, { impl, runtime }] as const,
    ),
  );
  test.each(claims)('%s fails with the error the registry names', (_name, t) => {
    const why = t.impl.unsupported[t.runtime];
    expect(why).toBeTruthy();
    const quoted = /"([^"]+)"/.exec(why!)?.[1];
    expect(quoted).toBeTruthy();
    const r = runToExit(t, ['--port', '0']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(quoted);
  });
});

describe('the ready line tells the truth about the runtime', () => {
  test.each([
    ['async@bun', 'bun'],
    ['async@deno', 'deno'],
    ['async@node', 'node'],
  ] as const)('%s reports %s and its version', async (spec, runtime) => {
    const server = await startServer(spec);
    await server.stop();
    const printed = execFileSync(runtimeBinary(runtime), ['--version'], { encoding: 'utf8' });
    const version = /(\d+\.\d+\.\d+)/.exec(printed)![1];
    expect(server.ready.runtime).toBe(runtime);
    expect(server.ready.version).toBe(version);
  });
});

describe('npm run serve', () => {
  const serve = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'servers/serve.ts', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });

  test('--list names every implementation with its runtimes', () => {
    const r = serve(['--list']);
    expect(r.status).toBe(0);
    for (const impl of IMPLEMENTATIONS) {
      expect(r.stdout).toMatch(new RegExp(`^${impl.id} .*runs on ${impl.runtimes.join(', ')}`, 'm'));
    }
  });

  test('--list --json is the registry', () => {
    const r = serve(['--list', '--json']);
    expect(JSON.parse(r.stdout).map((i: { id: string }) => i.id)).toEqual(IMPLEMENTATIONS.map((i) => i.id));
  });

  test.each([
    [['nope'], /^unknown implementation "nope"; valid: sequential, async/],
    [['async@python'], /^unknown runtime "python"; valid: node, bun, deno$/],
    [['bun-tcp@node'], /^bun-tcp does not run on node: .*Bun is not defined.*; it runs on bun$/],
    [['async', '--port', '99999'], /^--port must be between 0 and 65535, got 99999$/],
    [['async', '--frobnicate'], /^unknown flag "--frobnicate"/],
    [[], /^name an implementation first/],
  ])('%j is refused in one line with exit 2', (args, message) => {
    const r = serve(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });

  test('starts a server in the foreground and stops it on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'servers/serve.ts', 'async@deno', '--port', '0'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const ready = JSON.parse(line);
    expect(ready).toMatchObject({ event: 'ready', impl: 'async', runtime: 'deno' });
    const ex = await exchange(ready.port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(ex.responses[0]?.status).toBe(200);
    const code = await new Promise((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(alive(ready.pid)).toBe(false);
  });
});
