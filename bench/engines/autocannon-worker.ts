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
  const windowMs = spec.durationSec * 1000;
  const perSecond = new Array<number>(spec.durationSec).fill(0);
  let requests = 0;
  let bytes = 0;
  let wrongAnswers = 0;
  let non2xx = 0;
  let startedAt = performance.now();
  let cpuAtStart = process.cpuUsage();
  let secondTimer: NodeJS.Timeout | undefined;
  let reported = 0;
  const latency = new LatencyHistogram();

  const instance = autocannon(
    {
      url: spec.origin + spec.path,
      connections: spec.connections,
      duration: spec.durationSec,
      // autocannon refuses a timeout under 1 s; the client's own field takes milliseconds (see setupClient).
      timeout: Math.max(1, Math.ceil(spec.timeoutMs / 1000)),
      setupClient: (client) => {
        (client as unknown as { timeout: number }).timeout = spec.timeoutMs;
        setupClient(client);
      },
      headers: spec.closeEachRequest ? { connection: 'close' } : {},
    },
    (err, result) => {
      clearInterval(secondTimer);
      const cpu = process.cpuUsage(cpuAtStart);
      if (err) {
        send({ type: 'failed', error: String(err) });
        return;
      }
      const outcome: LoadOutcome = {
        requests,
        bytes,
        elapsedSec: windowMs / 1000,
        perSecond,
        latencyMs: latency.latency(),
        errors: result.errors - result.timeouts,
        timeouts: result.timeouts,
        non2xx,
        wrongAnswers,
        clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
        offeredRate: null,
      };
      send({ type: 'done', outcome });
    },
  );

  instance.on('start', () => {
    startedAt = performance.now();
    cpuAtStart = process.cpuUsage();
    // Live progress: each second's count once that second of the window is over.
    secondTimer = setInterval(() => {
      if (reported < perSecond.length) send({ type: 'second', count: perSecond[reported++]! });
    }, 1000);
  });
  instance.on('response', (_client: unknown, status: number, responseBytes: number, responseMs: number) => {
    // Only answers completed inside the measurement window count, each in the second it completed in.
    const at = performance.now() - startedAt;
    if (at >= windowMs) return;
    perSecond[Math.floor(at / 1000)]! += 1;
    latency.recordMs(responseMs);
    requests++;
    bytes += responseBytes;
    if (status < 200 || status > 299) non2xx++;
    if (!isRightAnswer(spec, status, responseBytes)) wrongAnswers++;
  });
}

process.on('message', (message: WorkerRequest) => {
  if (message.type === 'run') run(message.spec);
});
// The harness is gone (or closed the channel on purpose): nothing left to do.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
