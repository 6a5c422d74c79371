// What both Bun entries do around their server: flags, root check, ready line, signals.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Site } from '../core/answer.ts';
import { parseServerArgs, readyLine, type ServerOptions } from '../core/options.ts';
import { DEFAULT_ROOT } from '../paths.ts';
import { bunFileSystem } from './fs.ts';

export type Options = ServerOptions & { readonly root: string };

export interface BunServer {
  readonly port: number;
  /** Stop accepting, let responses in flight finish; resolves when every connection is closed. */
  shutdown(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 1500;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function describeListenError(err: unknown, o: Options): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'EADDRINUSE' || /in use/i.test(e.message ?? ''))
    return `port ${o.port} on ${o.host} is already in use`;
  return `cannot listen on ${o.host}:${o.port}: ${e.message ?? String(err)}`;
}

export function logger(enabled: boolean): ((line: string) => void) | null {
  return enabled ? (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) : null;
}

export async function runBunEntry(impl: string, start: (o: Options, site: Site) => BunServer): Promise<void> {
  if (typeof Bun === 'undefined') fail(`${impl} runs only on Bun: Bun is not defined`);
  const parsed = parseServerArgs(process.argv.slice(2));
  if ('error' in parsed) fail(parsed.error, 2);
  const root = resolve(parsed.root ?? DEFAULT_ROOT);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {}
  if (!isDir) fail(`root directory not found: ${root}`);
  const options: Options = { ...parsed, root };
  let server: BunServer;
  try {
    server = start(options, new Site(bunFileSystem, root));
  } catch (err) {
    fail(describeListenError(err, options));
  }
  const line = readyLine({
    impl,
    runtime: 'bun',
    version: Bun.version,
    pid: process.pid,
    host: options.host,
    port: server.port,
  });
  process.stdout.write(`${line}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    server.shutdown().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('uncaughtException', (err) => process.stderr.write(`uncaught: ${err.stack ?? err}\n`));
}
