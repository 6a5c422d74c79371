// The load generator process for the autocannon engine. The harness starts it once, pinned to the client
// cores, and sends it one run at a time over IPC; keeping it apart from the harness means its CPU time is
// the client's alone. Messages: in {type:'run', spec}; out {type:'ready'} once, then per run
// {type:'second', count} each second and {type:'done', outcome} or {type:'failed', error}.
import autocannon from 'autocannon';
import { patchAutocannon } from './autocannon-patches.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { isRightAnswer, type LoadOutcome, type LoadSpec } from './types.ts';

export type WorkerRequest = { readonly type: 'run'; readonly spec: LoadSpec };
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'second'; readonly count: number }
  | { readonly type: 'done'; readonly outcome: LoadOutcome }
  | { readonly type: 'failed'; readonly error: string };

const setupClient = patchAutocannon();

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function run(spec: LoadSpec): void {
  const perSecond: number[] = [];
  let inThisSecond = 0;
  let requests = 0;
  let bytes = 0;
  let wrongAnswers = 0;
  let startedAt = performance.now();
  let secondStartedAt = startedAt;
  let secondTimer: NodeJS.Timeout | undefined;
  const latency = new LatencyHistogram();

  const instance = autocannon(
    {
      url: spec.origin + spec.path,
      connections: spec.connections,
      duration: spec.durationSec,
      timeout: 10,
      setupClient,
      headers: spec.closeEachRequest ? { connection: 'close' } : {},
    },
    (err, result) => {
      clearInterval(secondTimer);
      // The last, partial second counts when it is at least half a second long, scaled to a whole one
      // (a 1-second run otherwise has no timeline at all).
      const partial = (performance.now() - secondStartedAt) / 1000;
      if (partial >= 0.5) perSecond.push(Math.round(inThisSecond / Math.min(1, partial)));
      if (err) {
        send({ type: 'failed', error: String(err) });
        return;
      }
      const outcome: LoadOutcome = {
        requests,
        bytes,
        elapsedSec: (performance.now() - startedAt) / 1000,
        perSecond,
        latencyMs: latency.latency(),
        errors: result.errors - result.timeouts,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        wrongAnswers,
        clientCpuSeconds: null,
        offeredRate: null,
      };
      send({ type: 'done', outcome });
    },
  );

  instance.on('start', () => {
    startedAt = performance.now();
    secondStartedAt = startedAt;
    // Our own one-second buckets: autocannon's tick counter races with its sampling timer.
    secondTimer = setInterval(() => {
      perSecond.push(inThisSecond);
      send({ type: 'second', count: inThisSecond });
      inThisSecond = 0;
      secondStartedAt = performance.now();
    }, 1000);
  });
  instance.on('response', (_client: unknown, status: number, responseBytes: number, responseMs: number) => {
    latency.recordMs(responseMs);
    requests++;
    inThisSecond++;
    bytes += responseBytes;
    if (!isRightAnswer(spec, status, responseBytes)) wrongAnswers++;
  });
}

process.on('message', (message: WorkerRequest) => {
  if (message.type === 'run') run(message.spec);
});
// The harness is gone (or closed the channel on purpose): nothing left to do.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
