// One visit: start the target's server process, check it, then for each of its points warm it up and
// record one window, with the point's probes beside it; stop it. Whatever goes wrong is recorded on the
// point (start-failed, preflight-failed, not-applicable, died, unsupported, errors) and the run goes on.
import type { ExpectedResponse, LoadEngine, LoadSpec } from '../engines/types.ts';
import type { Flag } from '../model/flags.ts';
import type { Answer, Probes, Repetition } from '../model/schema.ts';
import {
  besideApplies,
  minimumWindows,
  OPEN_LOOP_WARMUP_SEC,
  type Point,
  requestTimeoutMs,
  type Timing,
  type Visit,
} from '../plan/plan.ts';
import { portSockets, portSocketsText } from '../proc/tcp-states.ts';
import type { RunningTarget } from '../targets/running.ts';
import { type StartContext, startTarget } from '../targets/start.ts';
import type { SideBySide } from './beside.ts';
import { measureDownloads } from './downloads.ts';
import { checkSite, expectedAnswer, learnAnswer, servesBundledSite } from './preflight.ts';
import type { ProbeSession } from './probes/probe.ts';
import { PROBES } from './probes/registry.ts';
import { requestFor, type ScenarioRequest } from './request.ts';
import { warmUp } from './warmup.ts';
import { measureWindow } from './window.ts';

export interface VisitProgress {
  /** What is happening now: "starting", "small warm-up", "small". */
  phase(text: string): void;
  /** Completed responses in the second that just ended. */
  second(count: number): void;
}

export interface VisitContext {
  readonly engine: LoadEngine;
  readonly timing: Timing;
  readonly start: StartContext;
  readonly progress: VisitProgress;
  /** The open-loop rate of a point for this target: shares resolve against earlier figures of the run. */
  readonly rateOf: (target: string, point: Point) => number | null | { why: string };
  /** Each point as soon as it is measured: a later point of the same visit may offer a share of it. */
  readonly pointDone: (visit: Visit, outcome: PointOutcome) => void;
  /** Flags every measurement of the run carries (shared-cpus). */
  readonly runFlags: readonly Flag[];
  /** The reference beside which ranked points are measured once more, both loaded at once; null: not. */
  readonly beside?: SideBySide | null;
  /** A side-by-side window could not be taken: why, for the run's notes. */
  readonly besideSkipped?: (visit: Visit, point: Point, why: string) => void;
  /** A server of several processes or threads said, as it stopped, how many connections each served. */
  readonly workersServed?: (visit: Visit, connections: readonly number[]) => void;
}

/** A worker's report of the connections it served: routine, not a problem. */
function isServedLine(line: string): boolean {
  return line.startsWith('{') && line.includes('"served"');
}

/** The connections each worker served, from the servers' "served" lines on stderr; null without any. */
export function servedByWorker(stderr: string): number[] | null {
  const byWorker = new Map<number, number>();
  for (const line of stderr.split('\n')) {
    if (!isServedLine(line)) continue;
    try {
      const o = JSON.parse(line) as { event?: string; worker?: number; connections?: number };
      if (o.event === 'served' && typeof o.worker === 'number' && typeof o.connections === 'number')
        byWorker.set(o.worker, o.connections);
    } catch {
      // Not a line of ours.
    }
  }
  if (byWorker.size === 0) return null;
  return [...byWorker.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
}

/**
 * Requests that failed or went unanswered while the server kept running: what the kernel held on its port
 * right after (`sockets`, read only then: connections left in the accept queue mean it stopped accepting;
 * accepted ones left open, that it stopped answering) and what it wrote to stderr, so that a server that
 * stalls (once in a default run, deno-tcp@deno served nothing for 3.5 s of close at 0 % CPU, and nothing
 * said why) leaves an account in results.json. Its workers' "served" lines are not news. null when every
 * request was answered, or when the server died (that is recorded as such).
 */
export function unansweredNote(
  rep: Pick<Repetition, 'errors' | 'timeouts'>,
  alive: boolean,
  stderr: string,
  sockets: () => string | null = () => null,
): string | null {
  const unanswered = rep.errors + rep.timeouts;
  if (unanswered === 0 || !alive) return null;
  const own = stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !isServedLine(l))
    .join('\n');
  const held = sockets();
  const kernel = held === null ? '' : ` The kernel right after: ${held}.`;
  return `${unanswered} requests failed or went unanswered (${rep.errors} errors, ${rep.timeouts} timeouts) while the server ran.${kernel} Its stderr: ${own === '' ? '(nothing)' : `\n${own}`}`;
}

/** What one point of a visit gave: a repetition, or the flags that say why not. */
export interface PointOutcome {
  readonly point: Point;
  readonly repetition: Repetition | null;
  /** Flags decided outside the numbers (died, unsupported, start-failed…); the numbers' own come later. */
  readonly flags: readonly Flag[];
  readonly probes: Probes;
  readonly offeredRate: number | null;
  readonly clientCapacityCores: number;
  /** The engine's histogram of the window's latencies (compressed base64, µs), where it sends one. */
  readonly histogram?: string;
  readonly stderr?: string;
  /** The request its answers were to and what each was held to. */
  readonly answer?: Answer;
}

function baseFlags(visit: Visit, runFlags: readonly Flag[]): Flag[] {
  if (visit.target.kind === 'nginx' || visit.target.kind === 'lesson') return [...runFlags, 'reference'];
  if (visit.target.kind === 'remote') return [...runFlags, 'remote'];
  return [...runFlags];
}

function loadSpec(
  target: RunningTarget,
  point: Point,
  path: string,
  timing: Timing,
  rate: number | null,
): Omit<LoadSpec, 'expect'> {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return {
    origin: `http://${host}:${target.port}`,
    path,
    connections: point.connections,
    durationSec: timing.durationSec,
    closeEachRequest: point.scenario.closeEachRequest,
    pipelining: 1,
    rate,
    timeoutMs: requestTimeoutMs(timing.durationSec),
    idleConnections: point.scenario.idleConnections,
  };
}

function finishProbes(sessions: readonly ProbeSession[]): Probes {
  return Object.assign({}, ...sessions.map((s) => s.finish())) as Probes;
}

/** Every point of the visit, in order; null when the interruption came before anything was measured. */
export async function measureVisit(visit: Visit, ctx: VisitContext): Promise<PointOutcome[] | null> {
  const signal = ctx.start.signal;
  const flags = baseFlags(visit, ctx.runFlags);
  const outcomes: PointOutcome[] = [];
  const failed = (point: Point, flag: Flag, stderr: string, rate: number | null = null): PointOutcome => ({
    point,
    repetition: null,
    flags: [...flags, flag],
    probes: {},
    offeredRate: rate,
    clientCapacityCores: ctx.engine.capacityCores(point.connections),
    ...(stderr.trim() !== '' ? { stderr: stderr.trim() } : {}),
  });

  ctx.progress.phase('starting');
  const needs = visit.idleTimeoutMs !== null ? { idleTimeoutMs: visit.idleTimeoutMs } : {};
  // The cores scenario: the server on fewer of the servers' CPUs, and sized to them (nginx's workers).
  const start =
    visit.serverCpus === null
      ? ctx.start
      : { ...ctx.start, serverCpus: visit.serverCpus, serverCores: visit.serverCpus.split(',').length };
  const target = await startTarget(visit.target, start, needs);
  if (signal.aborted) {
    if (!('error' in target)) await target.stop();
    return null;
  }
  const done = (outcome: PointOutcome) => {
    outcomes.push(outcome);
    ctx.pointDone(visit, outcome);
  };
  if ('error' in target) {
    for (const p of visit.points) done(failed(p, 'start-failed', `${target.error}\n${target.stderr}`));
    return outcomes;
  }
  try {
    const bundled = await siteCheck(visit, target, ctx.start.root);
    if (typeof bundled !== 'boolean') {
      const why = `preflight: ${bundled.error}\n${target.stderrTail()}`;
      for (const p of visit.points) done(failed(p, 'preflight-failed', why));
      return outcomes;
    }
    for (const point of visit.points) {
      if (signal.aborted) break;
      if (!target.isAlive()) {
        const why = `the server exited (${target.exitDescription()}) before this point\n${target.stderrTail()}`;
        done(failed(point, 'died', why));
        continue;
      }
      const outcome = await measurePoint(visit, point, target, bundled, ctx, flags, failed);
      if (outcome !== null) done(outcome);
    }
  } finally {
    await target.stop();
  }
  // What each process or thread said it served, as it stopped: how evenly the connections were spread.
  const served = servedByWorker(target.stderrTail());
  if (served !== null) ctx.workersServed?.(visit, served);
  return outcomes.length === 0 && signal.aborted ? null : outcomes;
}

/**
 * Whether the target serves the bundled site. A server started here must (or it failed the preflight); a
 * --url server may serve content of its own, and then its answers are learned.
 */
async function siteCheck(
  visit: Visit,
  target: RunningTarget,
  root: string,
): Promise<boolean | { error: string }> {
  if (visit.target.kind === 'remote') return servesBundledSite(target.host, target.port, root);
  return (await checkSite(target.host, target.port, root)) ?? true;
}

/** The right answer to the scenario's request on this target: the site's file, or learned from the server. */
function answerFor(
  request: Exclude<ScenarioRequest, { kind: 'cannot' }>,
  target: RunningTarget,
  root: string,
  point: Point,
): Promise<ExpectedResponse | { error: string }> {
  if (request.kind === 'site') return expectedAnswer(target.host, target.port, root, point.scenario);
  return learnAnswer(target.host, target.port, request.path, request.status, point.scenario.closeEachRequest);
}

/** What results.json keeps of the answer every answer was held to. */
function answerRecord(path: string, expected: ExpectedResponse): Answer {
  return {
    path,
    status: expected.status,
    bodyBytes: expected.bodyBytes,
    source: expected.source,
    checked: expected.match,
    closes: expected.closes,
  };
}

async function measurePoint(
  visit: Visit,
  point: Point,
  target: RunningTarget,
  bundled: boolean,
  ctx: VisitContext,
  flags: readonly Flag[],
  failed: (point: Point, flag: Flag, stderr: string, rate?: number | null) => PointOutcome,
): Promise<PointOutcome | null> {
  const signal = ctx.start.signal;
  const scenario = point.scenario;
  const clientCapacityCores = ctx.engine.capacityCores(point.connections);
  const label =
    point.rate === null
      ? scenario.id
      : `${scenario.id} at ${'share' in point.rate ? `${point.rate.share * 100} %` : `${point.rate.perSec} req/s`}`;

  const request = requestFor(visit.target, scenario, bundled);
  if (request.kind === 'cannot') return failed(point, 'not-applicable', request.why);

  if (scenario.downloads !== null && scenario.file !== null) {
    ctx.progress.phase(label);
    // A file of the server's own is checked against what it answered before the load.
    let file = `${ctx.start.root}/${scenario.file}`;
    if (request.kind === 'learned') {
      const learned = await answerFor(request, target, ctx.start.root, point);
      if ('error' in learned) return failed(point, 'preflight-failed', `preflight: ${learned.error}`);
      file = learned.bodyFile;
    }
    const result = await measureDownloads(target, request.path, file, scenario.downloads, signal);
    if (signal.aborted) return null;
    const died = !target.isAlive();
    return {
      point,
      repetition: { ...result.repetition, round: visit.round, warmup: null },
      flags: died ? [...flags, 'died'] : flags,
      probes: result.probes,
      offeredRate: null,
      clientCapacityCores,
      ...(died ? { stderr: `the server exited (${target.exitDescription()})\n${target.stderrTail()}` } : {}),
    };
  }

  const expected = await answerFor(request, target, ctx.start.root, point);
  if ('error' in expected)
    return failed(point, 'preflight-failed', `preflight: ${expected.error}\n${target.stderrTail()}`);
  const rate = ctx.rateOf(visit.target.name, point);
  if (rate !== null && typeof rate === 'object') return failed(point, 'unsupported', rate.why);
  const spec: LoadSpec = { ...loadSpec(target, point, request.path, ctx.timing, rate), expect: expected };
  const answer = answerRecord(request.path, expected);
  const unsupported = ctx.engine.cannotMeasure(spec);
  if (unsupported !== null) return failed(point, 'unsupported', `${ctx.engine.name}: ${unsupported}`, rate);

  const sessions = scenario.probes.map((name) => PROBES[name].start({ target, scenario }));
  const problems: string[] = [];
  const pointFlags: Flag[] = [...flags];
  let repetition: Repetition | null = null;
  let histogram: string | undefined;
  try {
    ctx.progress.phase(`${label} warm-up`);
    const rule = ctx.timing.warmup;
    const warmup = await warmUp(
      spec,
      scenario.rankedBy,
      { ...rule, minWindows: minimumWindows(rule, visit.points[0] === point) },
      { engine: ctx.engine, signal, onWindow: ctx.progress.second },
      rate !== null && rule.maxSec > 0 ? OPEN_LOOP_WARMUP_SEC : null,
    );
    if (!signal.aborted && target.isAlive()) {
      ctx.progress.phase(label);
      const window = await measureWindow(ctx.engine, target, spec, sessions, ctx.progress.second, signal);
      repetition = { ...window.repetition, round: visit.round, warmup };
      histogram = window.outcome.histogram;
      // A remote server's stderr and sockets are not ours to read.
      const note =
        target.pid === null
          ? null
          : unansweredNote(repetition, target.isAlive(), target.stderrTail(), () => {
              const held = portSockets(target.port);
              return held === null ? null : portSocketsText(held);
            });
      if (note !== null) problems.push(note);
      const beside = ctx.beside;
      if (beside && besideApplies(point, visit.target) && !signal.aborted && target.isAlive()) {
        ctx.progress.phase(`${label} beside ${beside.reference}`);
        const record = await beside.measure(ctx.engine, point, spec, target);
        if ('skipped' in record) {
          ctx.besideSkipped?.(visit, point, record.skipped);
          if (record.wrongAnswers !== undefined) {
            pointFlags.push('wrong-answers');
            problems.push(`${record.wrongAnswers} wrong answers in the window beside ${beside.reference}`);
          }
        } else repetition = { ...repetition, beside: record };
      }
    }
  } catch (e) {
    // An interruption ends the visit with what finished; anything else is the engine failing.
    if (!signal.aborted) {
      pointFlags.push('errors');
      problems.push(`load engine: ${(e as Error).message}`);
    }
  }
  const probes = finishProbes(sessions);
  if (signal.aborted && repetition === null) return null;
  if (!target.isAlive()) {
    pointFlags.push('died');
    problems.push(
      `the server exited (${target.exitDescription()}) during the measurement`,
      target.stderrTail(),
    );
  }
  const stderr = problems.filter((p) => p.trim() !== '').join('\n');
  return {
    point,
    repetition,
    flags: pointFlags,
    probes,
    offeredRate: rate,
    clientCapacityCores,
    ...(histogram !== undefined ? { histogram } : {}),
    ...(stderr ? { stderr } : {}),
    answer,
  };
}
