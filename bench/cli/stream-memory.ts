// npm run bench:stream [-- --targets a,b --clients 16 --size-mib 300 --rate-mb 50]: the memory a server
// needs to send a file far larger than it keeps in memory. N clients download the same generated file at
// once, each at a limited rate (a server must not read ahead of a slow client), while the server's whole
// process tree is sampled for its peak RSS; every download is checked against the file's sha256, and one
// Range in the middle of the file against the same bytes of it. Loopback only; the file is removed after.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRandom } from '../plan/site.ts';
import { stopAllChildren } from '../proc/children.ts';
import { ResourceSampler } from '../proc/sampler.ts';
import { chooseTargets, findReferences } from '../targets/catalog.ts';
import type { RunningTarget } from '../targets/running.ts';
import { startTarget } from '../targets/start.ts';
import { isError, readArgs, wholeNumber } from './args.ts';

const HELP = `Usage: npm run bench:stream -- [flags]

N clients download one generated file at once, each at a limited rate; prints each server's peak RSS
and whether every byte arrived exact (sha256, and a Range in the middle of the file).

  --targets a,b     targets to measure (default: every available one, and nginx)
  --clients N       concurrent downloads (default 16)
  --size-mib N      size of the file (default 300)
  --rate-mb N       each client's rate in MB/s (default 50; 0 = as fast as it reads)
  --help            this text
`;

const FILE = 'stream.bin';
/** A download that makes no progress for this long has failed. */
const STALL_MS = 15_000;

interface Download {
  readonly status: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly error: string | null;
}

/** One GET, read at no more than `rate` bytes/s (0: no limit), hashed as it arrives. */
function download(port: number, rate: number, range: string | null): Promise<Download> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    let bytes = 0;
    let status = 0;
    let stall: NodeJS.Timeout | undefined;
    const done = (error: string | null) => {
      clearTimeout(stall);
      resolve({ status, bytes, sha256: hash.digest('hex'), error });
    };
    const req = request(
      { host: '127.0.0.1', port, path: `/${FILE}`, headers: range === null ? {} : { range }, agent: false },
      (res) => {
        status = res.statusCode ?? 0;
        const started = performance.now();
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
    req.on('error', (e) => done(e.message));
    req.end();
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

interface Row {
  readonly target: string;
  readonly peakRss: string;
  readonly exact: string;
  readonly range: string;
  readonly seconds: string;
  readonly note: string;
}

async function measure(
  server: RunningTarget,
  clients: number,
  rate: number,
  whole: string,
  middle: { readonly range: string; readonly sha256: string },
): Promise<Omit<Row, 'target'>> {
  const sampler = new ResourceSampler(server.pid);
  const started = performance.now();
  const downloads = await Promise.all(
    Array.from({ length: clients }, () => download(server.port, rate, null)),
  );
  const usage = sampler.stop();
  const seconds = (performance.now() - started) / 1000;
  const ranged = await download(server.port, 0, middle.range);
  const exact = downloads.filter((d) => d.error === null && d.status === 200 && d.sha256 === whole).length;
  const failures = [...new Set(downloads.filter((d) => d.error !== null).map((d) => d.error))];
  return {
    peakRss:
      usage.serverRssPeakBytes === null
        ? 'not measured'
        : `${(usage.serverRssPeakBytes / 2 ** 20).toFixed(1)} MiB`,
    exact: `${exact}/${clients}`,
    range: ranged.status === 206 && ranged.sha256 === middle.sha256 ? 'exact' : `wrong (${ranged.status})`,
    seconds: seconds.toFixed(1),
    note: failures.join('; '),
  };
}

function pinSelf(cpu: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpu, String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fail(message: string): never {
  process.stderr.write(`bench:stream: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = readArgs(
    process.argv.slice(2),
    {
      targets: { type: 'string' },
      clients: { type: 'string', default: '16' },
      'size-mib': { type: 'string', default: '300' },
      'rate-mb': { type: 'string', default: '50' },
      help: { type: 'boolean', default: false },
    },
    'npm run bench:stream',
  );
  if (isError(args)) fail(args.error);
  if (args.values['help'] === true) {
    process.stdout.write(HELP);
    return;
  }
  const clients = wholeNumber('--clients', args.values['clients'] as string, 1, 1000);
  const sizeMib = wholeNumber('--size-mib', args.values['size-mib'] as string, 1, 100_000);
  const rateMb = wholeNumber('--rate-mb', args.values['rate-mb'] as string, 0, 100_000);
  for (const v of [clients, sizeMib, rateMb]) if (isError(v)) fail(v.error);
  const specs = typeof args.values['targets'] === 'string' ? args.values['targets'].split(',') : null;
  const choice = chooseTargets(specs, null, findReferences());
  if (isError(choice)) fail(choice.error);
  const targets = choice.targets.filter((t) => t.kind !== 'lesson'); // it keeps whole files in memory

  const pin = cpus().length >= 2 && pinSelf('1');
  const dir = mkdtempSync(join(tmpdir(), 'bench-stream-'));
  const stop = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', stop);
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      controller.abort();
      void stopAllChildren().finally(() => process.exit(130));
    });
  }
  const bytes = (sizeMib as number) * 2 ** 20;
  writeRandom(join(dir, FILE), bytes);
  const content = readFileSync(join(dir, FILE));
  const whole = sha256(content);
  const from = Math.floor(bytes / 2) - 12345;
  const to = Math.min(bytes - 1, from + 2 ** 20 + 77);
  const middle = { range: `bytes=${from}-${to}`, sha256: sha256(content.subarray(from, to + 1)) };
  process.stderr.write(
    `${clients} clients × ${sizeMib} MiB at ${rateMb === 0 ? 'full speed' : `${rateMb} MB/s each`}; ` +
      `${pin ? 'servers on CPU 0, clients on CPU 1' : 'pinning: off'}\n`,
  );

  const rows: Row[] = [];
  for (const target of targets) {
    const server = await startTarget(target, {
      root: dir,
      serverCpus: pin ? '0' : null,
      serverCores: 1,
      signal: controller.signal,
    });
    if ('error' in server) {
      rows.push({
        target: target.name,
        peakRss: '–',
        exact: '–',
        range: '–',
        seconds: '–',
        note: server.error,
      });
      continue;
    }
    try {
      const row = {
        target: target.name,
        ...(await measure(server, clients as number, (rateMb as number) * 1e6, whole, middle)),
      };
      rows.push(row);
      process.stderr.write(
        `${row.target}: peak RSS ${row.peakRss}, ${row.exact} exact, range ${row.range}\n`,
      );
    } finally {
      await server.stop();
    }
  }
  const header: Row = {
    target: 'target',
    peakRss: 'peak RSS',
    exact: 'exact',
    range: 'Range',
    seconds: 's',
    note: '',
  };
  const keys = ['target', 'peakRss', 'exact', 'range', 'seconds', 'note'] as const;
  const width = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  for (const r of [header, ...rows]) {
    process.stdout.write(
      `${keys
        .map((k, i) => (i === 1 || i === 4 ? r[k].padStart(width[i]!) : r[k].padEnd(width[i]!)))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
  await stopAllChildren();
}

await main();
