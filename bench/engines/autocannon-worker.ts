// The load generator process for the autocannon engine, driven by the harness like loadgen
// (engine-protocol.ts): one window of load at a time, in a process of its own pinned to the client cores.
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { connectsSoFar, patchAutocannon } from './autocannon-patches.ts';
import { engineSays as send, serveEngineCommands } from './engine-protocol.ts';
import { isRightAnswer, type LoadOutcome, type LoadSpec } from './types.ts';

const setupClient = patchAutocannon();

/** Percentiles in ms of a histogram of µs. */
function latencyOf(h: hdr.Histogram): LoadOutcome['latencyMs'] {
  if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  const ms = (p: number) => h.getValueAtPercentile(p) / 1000;
  return { p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9), max: h.maxValue / 1000 };
}

function window(spec: LoadSpec): Promise<LoadOutcome> {
  return new Promise((resolve, reject) => {
    const windowMs = spec.durationSec * 1000;
    const perSecond = new Array<number>(Math.ceil(spec.durationSec)).fill(0);
    let requests = 0;
    let bytes = 0;
    let wrongAnswers = 0;
    let non2xx = 0;
    let startedAt = performance.now();
    let cpuAtStart = process.cpuUsage();
    // The connections opened inside the window: those opened to start it are not paid for by its requests.
    let connectsAtStart = connectsSoFar();
    let connectsAtEnd: number | null = null;
    let endTimer: NodeJS.Timeout | undefined;
    let secondTimer: NodeJS.Timeout | undefined;
    let reported = 0;
    // Microseconds: autocannon's own histogram rounds to whole milliseconds, which hides everything
    // interesting about a server answering in 0.2 ms.
    const latency = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });

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
        clearTimeout(endTimer);
        const cpu = process.cpuUsage(cpuAtStart);
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        const outcome: LoadOutcome = {
          requests,
          bytes,
          elapsedSec: windowMs / 1000,
          perSecond,
          latencyMs: latencyOf(latency),
          histogram: hdr.encodeIntoCompressedBase64(latency),
          errors: result.errors - result.timeouts,
          timeouts: result.timeouts,
          non2xx,
          wrongAnswers,
          connectionsOpened: (connectsAtEnd ?? connectsSoFar()) - connectsAtStart,
          clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
          offeredRate: null,
        };
        latency.destroy();
        resolve(outcome);
      },
    );

    instance.on('start', () => {
      send({ type: 'started' });
      startedAt = performance.now();
      cpuAtStart = process.cpuUsage();
      connectsAtStart = connectsSoFar();
      endTimer = setTimeout(() => {
        connectsAtEnd = connectsSoFar();
      }, windowMs);
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
      latency.recordValue(Math.max(1, Math.round(responseMs * 1000)));
      requests++;
      bytes += responseBytes;
      if (status < 200 || status > 299) non2xx++;
      if (!isRightAnswer(spec, status, responseBytes)) wrongAnswers++;
    });
  });
}

serveEngineCommands(`node ${process.versions.node}`, window);
