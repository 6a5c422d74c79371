// One measurement: start the target, preflight it, warm up, run the repetitions while sampling, stop it.
// Whatever goes wrong is recorded in the run (start-failed, preflight-failed, died) and the run goes on.

import type { LoadEngine, LoadSpec } from '../engines/types.ts';
import { type Measurement, repeatsFor, requestTimeoutMs, type Timing, warmupFor } from '../plan/plan.ts';
import { SLOW_CLIENT_BYTE_INTERVAL_MS } from '../plan/scenarios.ts';
import { processTree, rssBytes } from '../proc/process-stats.ts';
import { ResourceSampler } from '../proc/sampler.ts';
import { countTimeWait, type TimeWaitCount } from '../proc/tcp-states.ts';
import { toRepetition, toRun } from '../results/aggregate.ts';
import type { Flag, Repetition, Run } from '../results/schema.ts';
import type { RunningTarget } from '../targets/running.ts';
import { type StartContext, startTarget } from '../targets/start.ts';
import { type ExpectedAnswer, preflight } from './preflight.ts';
import { SlowClients } from './slow-clients.ts';

export interface MeasureProgress {
  /** What is happening now: "starting", "warm-up", "repetition 2/3". */
  phase(text: string, repetition: number): void;
  /** Completed responses in the second that just ended. */
  second(count: number): void;
  repetitionDone(repetition: number, requestsPerSec: number): void;
}

export interface MeasureContext {
  readonly engine: LoadEngine;
  readonly timing: Timing;
  readonly start: StartContext;
  readonly progress: MeasureProgress;
  /**
   * The target's closed-loop small throughput measured earlier in this run (a result or a lower bound),
   * which the latency scenario's rates are shares of; null when there is none.
   */
  readonly smallThroughput: (target: string) => number | null;
}

/** The servers' idle timeout in the idle scenario: longer than any measurement. */
const IDLE_SCENARIO_TIMEOUT_MS = 600_000;

function baseFlags(m: Measurement): Flag[] {
  if (m.target.kind === 'nginx' || m.target.kind === 'lesson') return ['reference'];
  if (m.target.kind === 'remote') return ['remote'];
  return [];
}

/** The open-loop rate of a measurement, null for a closed loop, or why it cannot be had. */
function rateOf(m: Measurement, ctx: MeasureContext): number | null | { why: string } {
  if (m.rate === null) return null;
  if ('perSec' in m.rate) return m.rate.perSec;
  const small = ctx.smallThroughput(m.target.name);
  if (small === null || small <= 0) {
    return {
      why: "not measured: the latency scenario offers shares of the target's small throughput, and small has no figure for it in this run (measure small too, or give --rates)",
    };
  }
  return Math.max(1, Math.round(small * m.rate.share));
}

function loadSpec(
  target: RunningTarget,
  m: Measurement,
  timing: Timing,
  expected: ExpectedAnswer,
  rate: number | null,
): LoadSpec {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return {
    origin: `http://${host}:${target.port}`,
    path: m.scenario.path,
    connections: m.connections,
    durationSec: timing.durationSec,
    closeEachRequest: m.scenario.closeEachRequest,
    pipelining: 1,
    rate,
    timeoutMs: requestTimeoutMs(timing.durationSec),
    expect: expected,
    idleConnections: m.scenario.idleConnections,
  };
}

interface LoadResult {
  readonly reps: readonly Repetition[];
  readonly timeWait?: TimeWaitCount;
  readonly slowClients?: NonNullable<Run['slowClients']>;
  readonly idle?: NonNullable<Run['idle']>;
  /** Set when the engine failed for another reason than the interruption. */
  readonly engineError?: string;
}

/** Resident memory of the server's whole process tree now; null for a remote server. */
function serverRss(target: RunningTarget): number | null {
  if (target.pid === null) return null;
  let total = 0;
  for (const pid of processTree(target.pid)) total += rssBytes(pid) ?? 0;
  return total > 0 ? total : null;
}

/** Warm-up, then the sampled repetitions, with the slow clients beside them in the stalled scenarios. */
async function applyLoad(
  target: RunningTarget,
  m: Measurement,
  ctx: MeasureContext,
  spec: LoadSpec,
): Promise<LoadResult> {
  const { engine, timing, progress } = ctx;
  const signal = ctx.start.signal;
  const reps: Repetition[] = [];
  const slow =
    m.scenario.slowClients > 0
      ? new SlowClients(
          target.host,
          target.port,
          m.scenario.slowClients,
          SLOW_CLIENT_BYTE_INTERVAL_MS,
          m.scenario.slowHeadPadding,
        )
      : null;
  let timeWait: TimeWaitCount | undefined;
  let idle: NonNullable<Run['idle']> | undefined;
  let engineError: string | undefined;
  try {
    const warmupSec = warmupFor(m, timing);
    if (warmupSec > 0) {
      progress.phase('warm-up', 0);
      // The warm-up warms the server, not its idle connections: those are opened for each repetition.
      await engine.run(
        { ...spec, durationSec: warmupSec, idleConnections: 0 },
        { onSecond: progress.second },
        signal,
      );
    }
    const repeats = repeatsFor(m, timing);
    for (let rep = 1; rep <= repeats && target.isAlive(); rep++) {
      progress.phase(`repetition ${rep}/${repeats}`, rep);
      const sampler = new ResourceSampler(target.pid);
      // The idle scenario: the server's memory before the engine opens its idle connections, and after.
      const rssBefore = spec.idleConnections > 0 ? serverRss(target) : null;
      let rssAfter: number | null = null;
      try {
        const hooks = {
          onStart: (pid: number) => sampler.setClientPid(pid),
          onSecond: progress.second,
          onIdle: () => {
            rssAfter = serverRss(target);
          },
        };
        // The harness shares the engine's cores: its own CPU meanwhile counts toward their load.
        const harnessBefore = process.cpuUsage();
        const outcome = await engine.run(spec, hooks, signal);
        const harness = process.cpuUsage(harnessBefore);
        const repetition = toRepetition(outcome, sampler.stop(), (harness.user + harness.system) / 1e6);
        reps.push(repetition);
        if (outcome.idle) idle = idleFigures(spec.idleConnections, outcome.idle, rssBefore, rssAfter);
        progress.repetitionDone(rep, repetition.requestsPerSec);
      } finally {
        // Idempotent: stops the timer when the run threw.
        sampler.stop();
      }
    }
    if (m.scenario.closeEachRequest) timeWait = countTimeWait(target.port);
  } catch (e) {
    // An interruption ends the measurement with what finished; anything else is the engine failing.
    if (!signal.aborted) engineError = `load engine: ${(e as Error).message}`;
  } finally {
    slow?.stop();
  }
  return {
    reps,
    ...(timeWait ? { timeWait } : {}),
    ...(idle ? { idle } : {}),
    ...(slow
      ? {
          slowClients: {
            count: m.scenario.slowClients,
            byteIntervalMs: SLOW_CLIENT_BYTE_INTERVAL_MS,
            completed: slow.completed,
            cut: slow.cut,
          },
        }
      : {}),
    ...(engineError ? { engineError } : {}),
  };
}

/** What the idle connections cost: the server's memory per connection opened, and how many stayed open. */
function idleFigures(
  asked: number,
  seen: { readonly opened: number; readonly stillOpen: number },
  rssBefore: number | null,
  rssAfter: number | null,
): NonNullable<Run['idle']> {
  const perConnection =
    rssBefore !== null && rssAfter !== null && seen.opened > 0 ? (rssAfter - rssBefore) / seen.opened : null;
  return {
    connections: asked,
    stillOpen: seen.stillOpen,
    rssBeforeBytes: rssBefore,
    rssAfterBytes: rssAfter,
    rssPerIdleConnectionBytes: perConnection,
  };
}

/** The run, or null when the interruption came before anything was measured. */
export async function measure(m: Measurement, ctx: MeasureContext): Promise<Run | null> {
  const signal = ctx.start.signal;
  const flags = baseFlags(m);
  const clientCapacityCores = ctx.engine.capacityCores(m.connections);
  const durationSec = ctx.timing.durationSec;
  const failed = (flag: Flag, stderr: string) =>
    toRun(m, durationSec, [], { flags: [...flags, flag], clientCapacityCores, stderr });

  ctx.progress.phase('starting', 0);
  // Idle connections must outlive the measurement: the server's idle timeout would otherwise cut them.
  const needs = m.scenario.idleConnections > 0 ? { idleTimeoutMs: IDLE_SCENARIO_TIMEOUT_MS } : {};
  const target = await startTarget(m.target, ctx.start, needs);
  if (signal.aborted) {
    if (!('error' in target)) await target.stop();
    return null;
  }
  if ('error' in target) return failed('start-failed', `${target.error}\n${target.stderr}`.trim());

  const expected = await preflight(target.host, target.port, ctx.start.root, m.scenario);
  if ('error' in expected) {
    await target.stop();
    return failed('preflight-failed', `preflight: ${expected.error}\n${target.stderrTail()}`.trim());
  }

  const rate = rateOf(m, ctx);
  if (rate !== null && typeof rate === 'object') {
    await target.stop();
    return failed('unsupported', rate.why);
  }
  const spec = loadSpec(target, m, ctx.timing, expected, rate);
  const unsupported = ctx.engine.cannotMeasure(spec);
  if (unsupported !== null) {
    await target.stop();
    return failed('unsupported', `${ctx.engine.name}: ${unsupported}`);
  }
  const load = await applyLoad(target, m, ctx, spec);
  const problems: string[] = [];
  if (load.engineError) {
    flags.push('errors');
    problems.push(load.engineError);
  }
  if (!target.isAlive()) {
    flags.push('died');
    problems.push(
      `the server exited (${target.exitDescription()}) during the measurement`,
      target.stderrTail(),
    );
  }
  await target.stop();
  if (signal.aborted) {
    if (load.reps.length === 0) return null;
    flags.push('incomplete');
  }
  const stderr = problems.filter((p) => p.trim() !== '').join('\n');
  return toRun(m, durationSec, load.reps, {
    flags,
    clientCapacityCores,
    ...(load.timeWait ? { timeWait: load.timeWait } : {}),
    ...(load.slowClients ? { slowClients: load.slowClients } : {}),
    ...(load.idle ? { idle: load.idle } : {}),
    ...(rate !== null ? { offeredRate: rate } : {}),
    ...(m.rate !== null && 'share' in m.rate ? { offeredShare: m.rate.share } : {}),
    ...(stderr ? { stderr } : {}),
  });
}
