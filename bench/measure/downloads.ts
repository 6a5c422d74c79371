// The stream scenario's load, in place of an engine's: N clients download one generated file at once,
// each at a limited rate (a server must not read ahead of a slow client), while the server's whole
// process tree is sampled for its peak RSS; every download is checked against the file's sha256, and one
// Range in the middle of the file against the same bytes of it.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { request } from 'node:http';
import type { DownloadsSpec } from '../model/scenarios.ts';
import type { Probes, Repetition } from '../model/schema.ts';
import { ResourceSampler } from '../proc/sampler.ts';
import type { RunningTarget } from '../targets/running.ts';

/** A download that makes no progress for this long has failed. */
const STALL_MS = 15_000;

interface Download {
  readonly status: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly error: string | null;
  readonly ms: number;
}

/** One GET, read at no more than `rate` bytes/s (0: no limit), hashed as it arrives. */
function download(
  host: string,
  port: number,
  path: string,
  rate: number,
  range: string | null,
  signal: AbortSignal,
): Promise<Download> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    const started = performance.now();
    let bytes = 0;
    let status = 0;
    let stall: NodeJS.Timeout | undefined;
    const done = (error: string | null) => {
      clearTimeout(stall);
      signal.removeEventListener('abort', onAbort);
      resolve({ status, bytes, sha256: hash.digest('hex'), error, ms: performance.now() - started });
    };
    const req = request(
      { host, port, path, headers: range === null ? {} : { range }, agent: false },
      (res) => {
        status = res.statusCode ?? 0;
        const watchdog = () => {
          clearTimeout(stall);
          stall = setTimeout(() => req.destroy(new Error('no progress')), STALL_MS);
        };
        watchdog();
        res.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.length;
          watchdog();
          if (rate === 0) return;
          const ahead = bytes / rate - (performance.now() - started) / 1000;
          if (ahead > 0.005) {
            res.pause();
            setTimeout(() => res.resume(), ahead * 1000);
          }
        });
        res.on('end', () => done(res.complete ? null : 'cut short'));
        res.on('error', (e) => done(e.message));
      },
    );
    const onAbort = () => req.destroy(new Error('interrupted'));
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => done(e.message));
    req.end();
  });
}

/** sha256 of a file's bytes [from, to], read a piece at a time. */
export function fileSha256(path: string, from = 0, to: number | null = null): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const piece = Buffer.allocUnsafe(4 * 1024 * 1024);
    let at = from;
    for (;;) {
      const want = to === null ? piece.length : Math.min(piece.length, to + 1 - at);
      if (want <= 0) break;
      const n = readSync(fd, piece, 0, want, at);
      if (n === 0) break;
      hash.update(piece.subarray(0, n));
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export interface DownloadsResult {
  readonly repetition: Omit<Repetition, 'round' | 'warmup'>;
  readonly probes: Probes;
}

/** Every client's download at once, then one Range in the middle; the window is how long they took. */
export async function measureDownloads(
  target: RunningTarget,
  path: string,
  file: string,
  spec: DownloadsSpec,
  signal: AbortSignal,
): Promise<DownloadsResult> {
  const whole = fileSha256(file);
  const from = Math.floor(spec.fileBytes / 2) - 12345;
  const to = Math.min(spec.fileBytes - 1, from + 2 ** 20 + 77);
  const middle = fileSha256(file, from, to);
  const sampler = new ResourceSampler(target.pid);
  const started = performance.now();
  const downloads = await Promise.all(
    Array.from({ length: spec.clients }, () =>
      download(target.host, target.port, path, spec.rateBytesPerSec, null, signal),
    ),
  );
  const usage = sampler.stop();
  const seconds = (performance.now() - started) / 1000;
  const ranged = await download(target.host, target.port, path, 0, `bytes=${from}-${to}`, signal);
  const exact = downloads.filter((d) => d.error === null && d.status === 200 && d.sha256 === whole).length;
  const failed = downloads.filter((d) => d.error !== null).length;
  const bytes = downloads.reduce((total, d) => total + d.bytes, 0);
  const times = downloads.map((d) => d.ms).sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))] ?? 0;
  const complete = downloads.length - failed;
  return {
    repetition: {
      requestsPerSec: complete / seconds,
      bytesPerSec: bytes / seconds,
      perSecond: [],
      latencyMs: {
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        p999: at(0.999),
        max: times[times.length - 1] ?? 0,
      },
      errors: failed,
      timeouts: 0,
      non2xx: downloads.filter((d) => d.status !== 200).length,
      wrongAnswers: complete - exact,
      serverCpuPercent: usage.serverCpuPercent,
      serverCpuSeconds: usage.serverCpuSeconds,
      serverRssPeakBytes: usage.serverRssPeakBytes,
      clientCpuPercent: null,
      harnessCpuPercent: null,
      requests: complete,
      elapsedSec: seconds,
      sent: downloads.length,
      answered: complete,
      lateAnswers: 0,
      offered: null,
      unsent: null,
      connectTimeouts: null,
      engineLatenessMs: null,
    },
    probes: {
      downloads: {
        clients: spec.clients,
        fileBytes: spec.fileBytes,
        rateBytesPerSec: spec.rateBytesPerSec,
        exact,
        rangeExact: ranged.status === 206 && ranged.sha256 === middle,
      },
    },
  };
}
