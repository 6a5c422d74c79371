// Side by side with the reference: after a target's own window, the target and nginx are loaded at once,
// on the same server CPUs, each by an engine of its own, and the ratio of what they served in that window
// is the target's ratio to the reference. On a shared machine whose speed moves by tens of per cent from
// one second to the next (a busy neighbour, the host's other thread on the core), a ratio of two figures
// taken seconds apart carries both figures' noise; two servers sharing one CPU in the same second see the
// same machine, and the drift cancels in their ratio. Measured here: 1 s windows of async@deno alone
// scattered with a CV of 15 %, its side-by-side ratio to nginx with a CV of 5 % (docs/performance.md).
import type { ExpectedResponse, LoadEngine, LoadSpec } from '../engines/types.ts';
import { CLIENT_BOUND_SHARE } from '../model/flags.ts';
import type { ScenarioId } from '../model/scenarios.ts';
import type { Beside } from '../model/schema.ts';
import type { Point } from '../plan/plan.ts';
import type { BenchTarget } from '../targets/catalog.ts';
import type { RunningTarget } from '../targets/running.ts';
import { type StartContext, startTarget } from '../targets/start.ts';
import { expectedAnswer } from './preflight.ts';
import { windowFigure } from './warmup.ts';
import { measureWindow } from './window.ts';

export interface SideBySide {
  /** The reference's name, as the ratios name it. */
  readonly reference: string;
  /**
   * One window with the target (loaded by `engine`, the run's) and the reference (by an engine of its
   * own) at once: the record, or why there is none (the reference did not start, an answer was wrong or
   * missing, the load generators were saturated).
   */
  measure(
    engine: LoadEngine,
    point: Point,
    spec: LoadSpec,
    target: RunningTarget,
  ): Promise<Beside | { skipped: string; wrongAnswers?: number }>;
  /** Stops the reference's server and its engine. */
  close(): Promise<void>;
}

/**
 * Side-by-side windows of a scenario the engines limited after which, while they are more than three in
 * four of its windows, the run takes no more of them (close on 2 cores: 46 of 51, then 3 of 3).
 */
export const GIVE_UP_AFTER = 3;

/** Whether a scenario takes no more side-by-side windows, after `limited` the engines limited and `usable`. */
export function givesUp(limited: number, usable: number): boolean {
  return limited >= GIVE_UP_AFTER && usable * 3 < limited;
}

/** Answers that make a window no measurement: failed, timed out, or not the answer asked for. */
function failures(r: { errors: number; timeouts: number; wrongAnswers: number }): number {
  return r.errors + r.timeouts + r.wrongAnswers;
}

/**
 * The reference's server is started on first use and kept for the run (nginx has no JIT to warm, and a
 * start per window would cost more than the window); it is started again if it died.
 * `referenceEngine` is the reference's own engine, started like the run's; `clientCores` the CPUs both
 * engines share: together they must stay below the client-bound share of them.
 */
export function sideBySide(
  reference: BenchTarget,
  referenceEngine: LoadEngine,
  start: StartContext,
  clientCores: number,
): SideBySide {
  let running: RunningTarget | null = null;
  // Per scenario: windows that gave a ratio, and windows the engines limited. Where the engines can seldom
  // load two servers at once here (close on 2 cores: a connection per request), the windows stop.
  const usable = new Map<ScenarioId, number>();
  const bound = new Map<ScenarioId, number>();
  const answers = new Map<ScenarioId, ExpectedResponse | { error: string }>();
  const server = async (): Promise<RunningTarget | { error: string }> => {
    if (running?.isAlive()) return running;
    if (running !== null) await running.stop();
    running = null;
    answers.clear();
    const started = await startTarget(reference, start);
    if ('error' in started) return { error: `${reference.name} did not start: ${started.error}` };
    running = started;
    return started;
  };
  return {
    reference: reference.name,
    async measure(engine, point, spec, target) {
      const id = point.scenario.id;
      const limited = bound.get(id) ?? 0;
      if (givesUp(limited, usable.get(id) ?? 0))
        return {
          skipped: `the load generators were the limit in ${limited} of ${limited + (usable.get(id) ?? 0)} windows of ${id} side by side; no more are taken`,
        };
      const ref = await server();
      if ('error' in ref) return { skipped: ref.error };
      let expect = answers.get(point.scenario.id);
      if (expect === undefined) {
        expect = await expectedAnswer(ref.host, ref.port, start.root, point.scenario);
        answers.set(point.scenario.id, expect);
      }
      if ('error' in expect) return { skipped: `${reference.name}: ${expect.error}` };
      const refSpec: LoadSpec = { ...spec, origin: `http://${ref.host}:${ref.port}`, expect };
      const signal = start.signal;
      const none = () => {};
      const [mine, theirs] = await Promise.all([
        measureWindow(engine, target, spec, [], none, signal),
        measureWindow(referenceEngine, ref, refSpec, [], none, signal),
      ]);
      if (signal.aborted) return { skipped: 'interrupted' };
      const a = mine.repetition;
      const b = theirs.repetition;
      // A wrong answer is the target's defect whatever the load: the caller flags it. Errors and timeouts
      // may be the shared CPU's doing: the window is only not used.
      if (failures(a) > 0)
        return {
          skipped: `${failures(a)} failed or wrong answers from the target`,
          ...(a.wrongAnswers > 0 ? { wrongAnswers: a.wrongAnswers } : {}),
        };
      if (failures(b) > 0)
        return { skipped: `${failures(b)} failed or wrong answers from ${reference.name}` };
      const client =
        a.clientCpuPercent === null || b.clientCpuPercent === null
          ? null
          : a.clientCpuPercent + b.clientCpuPercent;
      const record: Beside = {
        target: reference.name,
        figure: windowFigure(mine.outcome, point.scenario.rankedBy),
        referenceFigure: windowFigure(theirs.outcome, point.scenario.rankedBy),
        serverCpuSeconds: a.serverCpuSeconds,
        referenceCpuSeconds: b.serverCpuSeconds,
        clientCpuPercent: client,
        elapsedSec: a.elapsedSec,
        clientBound: client !== null && client >= CLIENT_BOUND_SHARE * 100 * clientCores,
      };
      const tally = record.clientBound ? bound : usable;
      tally.set(id, (tally.get(id) ?? 0) + 1);
      return record;
    },
    async close() {
      if (running !== null) await running.stop();
      running = null;
      await referenceEngine.close();
    },
  };
}
