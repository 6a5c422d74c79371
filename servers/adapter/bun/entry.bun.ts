// What both Bun entries do around their server: flags, root check, ready line, signals.
import { Site } from '../../core/answer.ts';
import { readyLine } from '../../core/options.ts';
import { fail, handleSignals, makeLogger, type Options, parseOptions } from '../node/process-options.ts';
import { bunFileSystem } from './fs.bun.ts';

export type { Options };
export { makeLogger as logger };

export interface BunServer {
  readonly port: number;
  /** Stop accepting, let responses in flight finish; resolves when every connection is closed. */
  shutdown(): Promise<void>;
}

function describeListenError(err: unknown, o: Options): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'EADDRINUSE' || /in use/i.test(e.message ?? ''))
    return `port ${o.port} on ${o.host} is already in use`;
  return `cannot listen on ${o.host}:${o.port}: ${e.message ?? String(err)}`;
}

export async function runBunEntry(impl: string, start: (o: Options, site: Site) => BunServer): Promise<void> {
  if (typeof Bun === 'undefined') fail(`${impl} runs only on Bun: Bun is not defined`);
  const options = parseOptions(process.argv.slice(2));
  let server: BunServer;
  try {
    server = start(options, new Site(bunFileSystem, options.root));
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
  handleSignals(() => server.shutdown());
}
