// The default load engine against real servers on loopback: exact counts in a closed loop, the rate it
// was asked for in an open loop, latency counted from when a request was due (a server frozen for a
// second shows in p99), timeouts, refused connects, and no process left behind. Nothing here asserts on
// speed.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen } from '../../../bench/engines/loadgen.ts';
import type { LoadEngine, LoadOutcome, LoadSpec } from '../../../bench/engines/types.ts';
import { preflight } from '../../../bench/measure/preflight.ts';
import { SCENARIOS } from '../../../bench/model/scenarios.ts';
import { DEFAULT_ROOT, runtimeBinary } from '../../../servers/launch.ts';
import { type RunningServer, startServer } from '../../helpers/server-process.ts';

let engine: LoadEngine;
let server: RunningServer;
let spec: LoadSpec;

beforeAll(async () => {
  engine = await startLoadgen(null);
  server = await startServer('async@node', ['--root', DEFAULT_ROOT]);
  const expected = await preflight('127.0.0.1', server.port, DEFAULT_ROOT, SCENARIOS.small);
  if ('error' in expected) throw new Error(expected.error);
  spec = {
    origin: `http://127.0.0.1:${server.port}`,
    path: '/',
    connections: 10,
    durationSec: 2,
    closeEachRequest: false,
    pipelining: 1,
    rate: null,
    timeoutMs: 2000,
    expect: expected,
    idleConnections: 0,
  };
});

afterAll(async () => {
  await engine?.close();
  await server?.stop();
});

const load = (s: LoadSpec): Promise<LoadOutcome> => engine.load(s, {}, new AbortController().signal);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Runs the spec while the server is frozen (SIGSTOP) for `stopMs` from `afterMs` into the run. */
async function runWithStall(s: LoadSpec, afterMs: number, stopMs: number): Promise<LoadOutcome> {
  const pid = server.child.pid!;
  const stall = setTimeout(() => {
    process.kill(pid, 'SIGSTOP');
    setTimeout(() => process.kill(pid, 'SIGCONT'), stopMs);
  }, afterMs);
  try {
    return await load(s);
  } finally {
    clearTimeout(stall);
  }
}

describe('loadgen', () => {
  it('counts every answer of a closed loop, exactly and inside the window', async () => {
    const out = await load(spec);
    expect(out.requests).toBeGreaterThan(1000);
    expect(out.wrongAnswers).toBe(0);
    expect(out.errors).toBe(0);
    expect(out.timeouts).toBe(0);
    expect(out.non2xx).toBe(0);
    expect(out.offeredRate).toBeNull();
    expect(out.elapsedSec).toBe(2);
    expect(out.perSecond).toHaveLength(2);
    expect(sum(out.perSecond)).toBe(out.requests);
    expect(sum(out.timeline!.counts)).toBe(out.requests);
    // Every answer's bytes, plus at most a part of one answer per connection cut by the window's end.
    const answer = spec.expect.headBytes + spec.expect.bodyBytes;
    expect(out.bytes).toBeGreaterThanOrEqual(out.requests * answer);
    expect(out.bytes).toBeLessThan((out.requests + spec.connections) * answer);
    expect(out.latencyMs.p50).toBeGreaterThan(0);
    expect(out.latencyMs.p99).toBeGreaterThanOrEqual(out.latencyMs.p50);
    expect(out.clientCpuSeconds).toBeGreaterThan(0);
  });

  it('opens a new connection per request with Connection: close, without errors', async () => {
    const expected = await preflight('127.0.0.1', server.port, DEFAULT_ROOT, SCENARIOS.close);
    if ('error' in expected) throw new Error(expected.error);
    const out = await load({ ...spec, closeEachRequest: true, expect: expected });
    expect(out.requests).toBeGreaterThan(100);
    expect(out.wrongAnswers).toBe(0);
    expect(out.errors).toBe(0);
  });

  it('sends the rate it is asked for in an open loop, and a server frozen for a second shows in p99', async () => {
    const open = { ...spec, durationSec: 5, connections: 20, rate: 1000 };
    const steady = await load(open);
    expect(steady.offeredRate).toBe(1000);
    expect(steady.requests).toBeGreaterThan(4500);
    expect(steady.requests).toBeLessThanOrEqual(5000);
    expect(steady.wrongAnswers).toBe(0);
    // Every second gets its share: requests go out on a schedule, not as fast as answers come.
    for (const count of steady.perSecond) expect(count, `${steady.perSecond}`).toBeGreaterThan(700);
    // Well under the stall's, even on a machine busy with other tests.
    expect(steady.latencyMs.p99).toBeLessThan(250);

    const stalled = await runWithStall(open, 2000, 1000);
    // About a fifth of the requests were due while the server was frozen; the ones due at its start waited
    // the whole second. Counted from when they were sent, they would have looked like the others.
    expect(stalled.latencyMs.p99).toBeGreaterThan(400);
    expect(stalled.latencyMs.max).toBeGreaterThan(800);
    expect(stalled.requests).toBeGreaterThan(4000);

    // The same stall in a closed loop hides in the percentiles: the frozen second sends almost nothing.
    const closed = await runWithStall({ ...open, rate: null }, 2000, 1000);
    expect(closed.latencyMs.p99).toBeLessThan(stalled.latencyMs.p99 / 4);
  }, 30_000);

  it('counts a request left unanswered past the timeout as a timeout, and a refused connect as an error', async () => {
    // Accepts, reads, never answers; the engine resets the connections it gives up on.
    const silent: Server = createServer((socket) => socket.on('error', () => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const hung = await load({
        ...spec,
        origin: `http://127.0.0.1:${port}`,
        connections: 2,
        timeoutMs: 500,
      });
      expect(hung.requests).toBe(0);
      // Each connection times out about every half second (then it is replaced): two per second each.
      expect(hung.timeouts).toBeGreaterThanOrEqual(4);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
    // Nothing listens on that port any more.
    const refused = await load({
      ...spec,
      origin: `http://127.0.0.1:${port}`,
      connections: 2,
      durationSec: 1,
    });
    expect(refused.requests).toBe(0);
    expect(refused.errors).toBeGreaterThan(2);
  });

  it('exits on SIGTERM in the middle of a run', async () => {
    const child = spawn(runtimeBinary('bun'), ['run', '--silent', 'bench/engines/loadgen/main.bun.ts'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    const exited = new Promise<number | string>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
    );
    while (!out.includes('"ready"')) await new Promise((r) => setTimeout(r, 20));
    child.stdin.write(`${JSON.stringify({ type: 'run', spec: { ...spec, durationSec: 30 } })}\n`);
    while (!out.includes('"second"')) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).not.toContain('"done"');
  });
});
