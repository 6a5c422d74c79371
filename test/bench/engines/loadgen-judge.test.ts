// The engine as the product's judge, against servers that try to fool it: one that answers twice, one that
// stops answering late in an open-loop window; the engine's own pause; a stall in one repetition of three,
// which the merged histogram keeps; two engine processes against one; the HdrHistogram log read back.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen } from '../../../bench/engines/loadgen.ts';
import type { LoadEngine, LoadHooks, LoadOutcome, LoadSpec } from '../../../bench/engines/types.ts';
import { preflight } from '../../../bench/measure/preflight.ts';
import { toRepetition } from '../../../bench/measure/repetition.ts';
import { SCENARIOS } from '../../../bench/model/scenarios.ts';
import { engineLagged, rateNotHeld, toMeasurement } from '../../../bench/results/aggregate.ts';
import { histogramLog, mergedLatency } from '../../../bench/results/histograms.ts';
import { DEFAULT_ROOT, REPO_ROOT } from '../../../servers/launch.ts';
import { type RunningServer, startServer } from '../../helpers/server-process.ts';

const MISBEHAVING = join(REPO_ROOT, 'test', 'bench', 'servers', 'misbehaving-server.mjs');
const noUsage = {
  serverCpuPercent: null,
  serverCpuSeconds: null,
  serverRssPeakBytes: null,
  clientCpuPercent: null,
};

let engine: LoadEngine;
let server: RunningServer;
let base: LoadSpec;

beforeAll(async () => {
  engine = await startLoadgen(null);
  server = await startServer('async@node', ['--root', DEFAULT_ROOT]);
  base = await specFor(server.port);
});

afterAll(async () => {
  await engine?.close();
  await server?.stop();
});

async function specFor(port: number): Promise<LoadSpec> {
  const expected = await preflight('127.0.0.1', port, DEFAULT_ROOT, SCENARIOS.small);
  if ('error' in expected) throw new Error(expected.error);
  return {
    origin: `http://127.0.0.1:${port}`,
    path: '/',
    connections: 10,
    durationSec: 2,
    closeEachRequest: false,
    pipelining: 1,
    rate: null,
    timeoutMs: 1000,
    expect: expected,
    idleConnections: 0,
  };
}

const load = (s: LoadSpec, hooks: LoadHooks = {}, on = engine): Promise<LoadOutcome> =>
  on.load(s, hooks, new AbortController().signal);

interface Misbehaving {
  readonly child: ChildProcess;
  readonly port: number;
  /** The next line the server prints, parsed. */
  next(): Promise<Record<string, number>>;
}

async function misbehaving(mode: string, arg = ''): Promise<Misbehaving> {
  const child = spawn(process.execPath, [MISBEHAVING, DEFAULT_ROOT, mode, arg], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  const next = () =>
    new Promise<Record<string, number>>((resolve) => {
      const line = queue.shift();
      if (line !== undefined) resolve(JSON.parse(line));
      else waiting.push((l) => resolve(JSON.parse(l)));
    });
  const { port } = await next();
  return { child, port: port!, next };
}

describe('loadgen as a judge', () => {
  it('counts a second answer to one request as wrong, and only what the server handled as served', async () => {
    const twice = await misbehaving('twice');
    try {
      const spec = await specFor(twice.port);
      twice.child.kill('SIGUSR1');
      const out = await load(spec);
      twice.child.kill('SIGUSR2');
      const { handled } = await twice.next();
      expect(out.wrongAnswers).toBeGreaterThan(0);
      // Every request the engine sent reached the server, and no answer counts twice.
      expect(out.sent).toBe(handled);
      expect(out.requests).toBeLessThanOrEqual(handled!);
      expect(out.requests).toBeGreaterThan(handled! * 0.95 - spec.connections);
    } finally {
      twice.child.kill('SIGTERM');
    }
  }, 30_000);

  it('accounts for an open loop that a server stops answering at 60 % of the window', async () => {
    const hang = await misbehaving('hang', '600');
    try {
      const spec = {
        ...(await specFor(hang.port)),
        durationSec: 1,
        rate: 2000,
        connections: 20,
        timeoutMs: 800,
      };
      hang.child.kill('SIGUSR1');
      const out = await load(spec);
      expect(out.offered).toBeGreaterThan(1900);
      expect(out.answered).toBeLessThan(out.offered! * 0.75);
      expect(out.timeouts + (out.unsent ?? 0)).toBeGreaterThan(out.offered! * 0.25);
      // The requests it held were waited for after the window, the whole timeout: they are the tail.
      expect(out.latencyMs.p99).toBeGreaterThanOrEqual(spec.timeoutMs);
      const rep = { ...toRepetition(out, noUsage), round: 1, warmup: null };
      expect(rateNotHeld(rep)).toBe(true);
    } finally {
      hang.child.kill('SIGTERM');
    }
  }, 30_000);

  it('records its own pause (SIGSTOP for 200 ms) in a low-rate open loop, and flags it', async () => {
    const spec = { ...base, rate: 200, durationSec: 2 };
    const out = await load(spec, {
      onStart: (pid) => {
        setTimeout(() => {
          process.kill(pid, 'SIGSTOP');
          setTimeout(() => process.kill(pid, 'SIGCONT'), 200);
        }, 600);
      },
    });
    expect(out.engineLatenessMs).not.toBeNull();
    expect(out.engineLatenessMs!.max).toBeGreaterThan(150);
    // Counted from when they were due, the requests the pause held show it too.
    expect(out.latencyMs.max).toBeGreaterThan(150);
    expect(engineLagged({ ...toRepetition(out, noUsage), round: 1, warmup: null })).toBe(true);
  }, 30_000);

  it('keeps a 500 ms stall seen in one repetition of three: percentiles from the merged histograms', async () => {
    const pid = server.child.pid!;
    const outcomes: LoadOutcome[] = [];
    for (let i = 0; i < 3; i++) {
      let stall: NodeJS.Timeout | undefined;
      if (i === 1) {
        stall = setTimeout(() => {
          process.kill(pid, 'SIGSTOP');
          setTimeout(() => process.kill(pid, 'SIGCONT'), 500);
        }, 700);
      }
      outcomes.push(await load({ ...base, timeoutMs: 2000 }));
      clearTimeout(stall);
    }
    const reps = outcomes.map((o, i) => ({ ...toRepetition(o, noUsage), round: i + 1, warmup: null }));
    // The median of the three maxima would forget it.
    const maxima = reps.map((r) => r.latencyMs.max).sort((a, b) => a - b);
    expect(maxima[1]).toBeLessThan(500);
    const merged = mergedLatency(outcomes.map((o) => o.histogram!));
    expect(merged!.max).toBeGreaterThanOrEqual(480);
    const m = toMeasurement(
      {
        target: 'async@node',
        impl: 'async',
        runtime: 'node',
        scenario: 'small',
        connections: 10,
        durationSec: 2,
        offeredRate: null,
        offeredShare: null,
        serverCpus: null,
      },
      reps,
      { flags: [], clientCapacityCores: 1, mergedLatency: merged },
    );
    expect(m.latencySource).toBe('merged histograms');
    expect(m.latencyMs).toEqual(merged);
    // Each repetition keeps its own p99, for the spread.
    expect(m.repetitions.map((r) => r.latencyMs.p99)).toEqual(reps.map((r) => r.latencyMs.p99));
  }, 30_000);

  it('splits the load over two engine processes and merges what they saw into the same figures', async () => {
    // Both on one core: this checks the split and the merge, not speed.
    const two = await startLoadgen('1', 2, [1]);
    try {
      const spec = { ...base, connections: 20, rate: 2000, durationSec: 2 };
      const one = await load(spec);
      const split = await load(spec, {}, two);
      expect(two.capacityCores(20)).toBe(2);
      for (const out of [one, split]) {
        expect(out.offered).toBeGreaterThan(3900);
        expect(out.requests).toBeGreaterThan(3800);
        expect(out.wrongAnswers).toBe(0);
        expect(out.perSecond.reduce((a, b) => a + b, 0)).toBe(out.requests);
      }
      expect(Math.abs(split.requests - one.requests)).toBeLessThan(one.requests * 0.03);
      // Offered: what was due in the window, less what fell due at its very end while this engine's own
      // timer was late (not the server's, so never counted against it): a few, under a busy test suite.
      expect(Math.abs(split.offered! - one.offered!)).toBeLessThanOrEqual(spec.connections);
      // The merged histogram holds every answer of both processes.
      const merged = hdr.decodeFromCompressedBase64(split.histogram!);
      expect(merged.totalCount).toBe(split.answered);
      // Percentiles within noise of each other: both well under a millisecond's scale apart at this load.
      expect(Math.abs(split.latencyMs.p50 - one.latencyMs.p50)).toBeLessThan(Math.max(1, one.latencyMs.p50));
    } finally {
      await two.close();
    }
  }, 30_000);

  it("writes the merged histogram as a log that HdrHistogram's own reader reads back", async () => {
    const outcomes = [await load({ ...base, durationSec: 1 }), await load({ ...base, durationSec: 1 })];
    const text = histogramLog(
      outcomes.map((o) => o.histogram!),
      'async@node small',
      'a test',
      2,
    )!;
    const reader = new hdr.HistogramLogReader(text);
    const back = reader.nextIntervalHistogram()!;
    expect(back).not.toBeNull();
    expect(back.totalCount).toBe(outcomes.reduce((n, o) => n + o.answered!, 0));
    expect(back.tag).toBe('async@node small');
    expect(back.maxValue / 1000).toBeCloseTo(mergedLatency(outcomes.map((o) => o.histogram!))!.max, 0);
    expect(reader.nextIntervalHistogram()).toBeNull();
  }, 30_000);
});
