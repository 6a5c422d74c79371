// The second engine: wrk, compiled C from Debian's package, for servers faster than autocannon can load.
// Its Lua hook reports totals and latency percentiles; the per-second timeline comes from the bytes wrk
// reads each second (/proc/PID/io) divided by its mean response size, which costs wrk nothing.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pinned, spawnTracked, stopChild } from '../proc/children.ts';
import { bytesRead } from '../proc/process-stats.ts';
import { type LoadEngine, type LoadHooks, type LoadOutcome, type LoadSpec, MAX_HEAD_BYTES } from './types.ts';

const REPORT_SCRIPT = fileURLToPath(new URL('./wrk-report.lua', import.meta.url));
export const WRK_CANDIDATES = ['/usr/bin/wrk', '/usr/local/bin/wrk'];

export interface WrkReport {
  readonly durationUs: number;
  readonly requests: number;
  readonly bytes: number;
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  /** Responses with a status of 400 or more. */
  readonly status: number;
  readonly timeout: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export function wrkVersion(binary: string): string {
  // wrk -v prints "wrk debian/4.1.0-3+b2 [epoll] Copyright ..." and exits 1.
  let text: string;
  try {
    text = execFileSync(binary, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    text = String((e as { stdout?: string }).stdout ?? '');
  }
  const match = /^wrk\s+(\S+)/m.exec(text);
  return match ? match[1]! : 'unknown';
}

export function parseWrkReport(stdout: string): WrkReport | null {
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
  if (!line) return null;
  try {
    return JSON.parse(line.slice('WRK_RESULT '.length)) as WrkReport;
  } catch {
    return null;
  }
}

/** wrk counts statuses of 400 and more; the answer check works from that and from the mean response size. */
export function wrongAnswersOf(spec: LoadSpec, report: WrkReport): number {
  if (report.requests === 0) return 0;
  const meanBytes = report.bytes / report.requests;
  if (meanBytes < spec.expect.bodyBytes || meanBytes > spec.expect.bodyBytes + MAX_HEAD_BYTES)
    return report.requests;
  return spec.expect.status >= 400 ? report.requests - report.status : report.status;
}

/** Responses in each second: the bytes wrk read that second over the mean size of a response. */
export function requestsPerSecondFromBytes(bytesPerSecond: readonly number[], report: WrkReport): number[] {
  if (report.requests === 0) return bytesPerSecond.map(() => 0);
  const meanResponseBytes = report.bytes / report.requests;
  return bytesPerSecond.map((bytes) => Math.round(bytes / meanResponseBytes));
}

export function startWrk(binary: string, clientCpus: string | null, clientCores: number): LoadEngine {
  const version = wrkVersion(binary);
  // One thread per client core; wrk needs at least one connection per thread.
  const threadsFor = (connections: number) => Math.max(1, Math.min(clientCores, connections));

  function run(spec: LoadSpec, hooks: LoadHooks, signal: AbortSignal): Promise<LoadOutcome> {
    const wrkArgs = [
      '-t',
      String(threadsFor(spec.connections)),
      '-c',
      String(spec.connections),
      '-d',
      `${spec.durationSec}s`,
      '--timeout',
      '10s',
      '-s',
      REPORT_SCRIPT,
      ...(spec.closeEachRequest ? ['-H', 'Connection: close'] : []),
      spec.origin + spec.path,
    ];
    const [file, args] = pinned(clientCpus, binary, wrkArgs);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const child = spawnTracked(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const pid = child.pid!;
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      });
      const bytesPerSecond: number[] = [];
      let lastBytes = 0;
      const secondTimer = setInterval(() => {
        const now = bytesRead(pid);
        if (now === null) return;
        bytesPerSecond.push(now - lastBytes);
        hooks.onSecond?.(
          Math.round((now - lastBytes) / Math.max(1, spec.expect.headBytes + spec.expect.bodyBytes)),
        );
        lastBytes = now;
      }, 1000);
      const onAbort = () => void stopChild(child, 'SIGKILL');
      signal.addEventListener('abort', onAbort, { once: true });
      hooks.onStart?.(pid);
      child.once('exit', (code) => {
        clearInterval(secondTimer);
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return reject(signal.reason);
        const report = parseWrkReport(stdout);
        if (!report)
          return reject(new Error(`wrk exited with code ${code}: ${stderr.trim() || stdout.trim()}`));
        const microsToMs = (us: number) => us / 1000;
        resolve({
          requests: report.requests,
          bytes: report.bytes,
          elapsedSec: report.durationUs / 1e6,
          perSecond: requestsPerSecondFromBytes(bytesPerSecond, report),
          latencyMs: {
            p50: microsToMs(report.p50),
            p90: microsToMs(report.p90),
            p99: microsToMs(report.p99),
            p999: microsToMs(report.p999),
            max: microsToMs(report.max),
          },
          errors: report.connect + report.read + report.write,
          timeouts: report.timeout,
          non2xx: report.status,
          wrongAnswers: wrongAnswersOf(spec, report),
          clientCpuSeconds: null,
          offeredRate: null,
        });
      });
    });
  }

  return {
    name: 'wrk',
    version,
    capacityCores: threadsFor,
    run,
    close: async () => {},
  };
}
