// A cross-check engine: wrk, compiled C from Debian's package. Its Lua script checks each answer's status
// and body (wrk-report.lua; a body over WRK_MAX_CHECKED_BODY only by the totals) and reports totals and latency percentiles at the end; it cannot count requests
// per second of the run (perSecond is empty), nor see the size of a head, which the byte total checks.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinned, spawnTracked, stopChild } from '../proc/children.ts';
import { bytesRead, processTree } from '../proc/process-stats.ts';
import type { EngineDefinition } from './registry.ts';
import type { LoadEngine, LoadHooks, LoadOutcome, LoadSpec } from './types.ts';

const REPORT_SCRIPT = fileURLToPath(new URL('./wrk-report.lua', import.meta.url));
export const WRK_CANDIDATES = ['/usr/bin/wrk', '/usr/local/bin/wrk'];
/**
 * Bodies up to this size are compared in Lua, every one; a larger one (huge) is not handed to Lua at
 * all, and its answers are checked by wrk's totals only: status, and bytes read against requests × size.
 */
export const WRK_MAX_CHECKED_BODY = 16 * 1024 * 1024;

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
  /** Answers whose status or body differed from the expected ones, counted by the Lua script. */
  readonly wrong: number;
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

/** bash's `times` prints the shell's own times, then its children's: "0m1.234s 0m0.567s". */
export function childCpuSeconds(stdout: string): number | null {
  const lines = stdout.trimEnd().split('\n');
  const match = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1] ?? '');
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) * 60 + Number(match[4]);
}

/**
 * Wrong answers: those the Lua script saw (status, body), or what wrk's totals show, whichever is more.
 * Every right answer has one exact size (head and body; Date, the only header that changes, has a fixed
 * length), so the bytes read must be requests × that size, plus at most a partial answer per connection
 * still in flight when wrk stopped: a head of the wrong size shows there. Statuses of 400 and more are
 * wrong unless the scenario expects one. The totals cannot say which answers were wrong, so a size
 * mismatch counts as many answers as the bytes it is off, at least one.
 */
export function wrongAnswersOf(spec: LoadSpec, report: WrkReport): number {
  if (report.requests === 0) return 0;
  const size = spec.expect.headBytes + spec.expect.bodyBytes;
  const excess = report.bytes - report.requests * size;
  const sizeWrong = excess < 0 || excess >= spec.connections * size;
  const bySize = sizeWrong ? Math.max(1, Math.ceil(Math.abs(excess) / size)) : 0;
  const byStatus = spec.expect.status < 400 ? report.status : 0;
  return Math.min(report.requests, Math.max(report.wrong, byStatus + bySize));
}

/**
 * How the Lua script checks each body: byte for byte ('1'), by its length where the answer's bytes change
 * per request ('length'), or not at all where it is too large to hand to Lua ('0': wrk's totals only).
 */
export function bodyCheck(spec: LoadSpec): '1' | 'length' | '0' {
  if (spec.expect.bodyBytes > WRK_MAX_CHECKED_BODY) return '0';
  return spec.expect.match === 'length' ? 'length' : '1';
}

/** wrk's timeout is in whole seconds, checked every 2 s: the shortest it has that is below the run's length. */
export function wrkTimeoutSec(spec: LoadSpec): number {
  return Math.max(1, Math.min(Math.round(spec.timeoutMs / 1000), spec.durationSec - 1));
}

export function startWrk(binary: string, clientCpus: string | null, clientCores: number): LoadEngine {
  const version = wrkVersion(binary);
  // One thread per client core; wrk needs at least one connection per thread.
  const threadsFor = (connections: number) => Math.max(1, Math.min(clientCores, connections));

  function load(spec: LoadSpec, hooks: LoadHooks, signal: AbortSignal): Promise<LoadOutcome> {
    const wrkArgs = [
      '-t',
      String(threadsFor(spec.connections)),
      '-c',
      String(spec.connections),
      '-d',
      `${spec.durationSec}s`,
      '--timeout',
      `${wrkTimeoutSec(spec)}s`,
      '-s',
      REPORT_SCRIPT,
      ...(spec.closeEachRequest ? ['-H', 'Connection: close'] : []),
      spec.origin + spec.path,
      '--',
      String(spec.expect.status),
      spec.expect.bodyFile,
    ];
    // wrk runs under bash so that bash's `times` reports wrk's whole CPU time when it exits: the sampler's
    // last tick would miss the end of a run, and a saturated wrk must read as saturated.
    const [file, args] = pinned(clientCpus, 'bash', ['-c', '"$@"; times', 'wrk', binary, ...wrkArgs]);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const child = spawnTracked(file, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, WRK_CHECK_BODY: bodyCheck(spec) },
      });
      const pid = child.pid!;
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      });
      // Live progress only, never recorded: the bytes the process tree read this second over the size of
      // an answer. (rchar of bash itself is nearly nothing; wrk is its child, so read wrk's.)
      let lastBytes = 0;
      let wrk: number | null = null;
      const size = Math.max(1, spec.expect.headBytes + spec.expect.bodyBytes);
      const secondTimer = setInterval(() => {
        wrk ??= processTree(pid).find((p) => p !== pid) ?? null;
        const now = wrk === null ? null : bytesRead(wrk);
        if (now === null) return;
        hooks.onSecond?.(Math.round((now - lastBytes) / size));
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
          // wrk counts nothing per second; an estimate would be a figure nobody measured.
          perSecond: [],
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
          clientCpuSeconds: childCpuSeconds(stdout),
          offeredRate: null,
        });
      });
    });
  }

  return {
    name: 'wrk',
    version,
    capacityCores: threadsFor,
    cannotMeasure: () => null,
    load,
    close: async () => {},
  };
}

export const wrkEngine = {
  name: 'wrk',
  summary: "Debian's wrk, a cross-check (closed loop only)",
  locate: () => {
    const binary = WRK_CANDIDATES.find((path) => existsSync(path));
    return binary === undefined ? { error: 'wrk is not installed (apt-get install wrk)' } : { binary };
  },
  wholeSecondWindows: true,
  lacks: {
    openLoop:
      'wrk has no open-loop mode: it cannot send at a fixed rate and count latency from when each request was due',
    idleConnections: 'wrk cannot hold idle connections beside its load',
    answersEndedByClose:
      'wrk counts every answer that ends with the connection (no Content-Length) as a read error too, so real errors cannot be told from them',
  },
  start: async ({ binary, clientCpus, clientCores }) => startWrk(binary!, clientCpus, clientCores),
} as const satisfies EngineDefinition;
