// What both Deno entries do around their server: flags, root check, ready line, signals.
import { Site } from '../../core/answer.ts';
import { parseServerArgs, readyLine, type ServerOptions } from '../../core/options.ts';
import { gracefulStop } from '../../core/shutdown.ts';
import { denoFileSystem } from './fs.deno.ts';

export type Options = ServerOptions & { readonly root: string };

export interface DenoServer {
  readonly port: number;
  /** Stop accepting, let responses in flight finish; resolves when every connection is closed. */
  shutdown(): Promise<void>;
}

const encoder = new TextEncoder();

function fail(message: string, code = 1): never {
  Deno.stderr.writeSync(encoder.encode(`${message}\n`));
  Deno.exit(code);
}

export function logger(enabled: boolean): ((line: string) => void) | null {
  return enabled
    ? (line) => Deno.stderr.writeSync(encoder.encode(`${new Date().toISOString()} ${line}\n`))
    : null;
}

function describeListenError(err: unknown, o: Options): string {
  if (err instanceof Deno.errors.AddrInUse) return `port ${o.port} on ${o.host} is already in use`;
  return `cannot listen on ${o.host}:${o.port}: ${(err as Error).message ?? String(err)}`;
}

export async function runDenoEntry(
  impl: string,
  start: (o: Options, site: Site) => DenoServer,
): Promise<void> {
  if (typeof Deno === 'undefined') {
    // Started on another runtime: say so in one line instead of a stack trace.
    console.error(`${impl} runs only on Deno: Deno is not defined`);
    (globalThis as { process?: { exit(code: number): never } }).process?.exit(1);
  }
  const parsed = parseServerArgs(Deno.args);
  if ('error' in parsed) fail(parsed.error, 2);
  const defaultRoot = new URL('../../../html', import.meta.url).pathname;
  let root = parsed.root ?? defaultRoot;
  try {
    root = Deno.realPathSync(root);
    if (!Deno.statSync(root).isDirectory) throw new Error('not a directory');
  } catch {
    fail(`root directory not found: ${root}`);
  }
  const options: Options = { ...parsed, root };
  let server: DenoServer;
  try {
    server = start(options, new Site(denoFileSystem, root));
  } catch (err) {
    fail(describeListenError(err, options));
  }
  const line = readyLine({
    impl,
    runtime: 'deno',
    version: Deno.version.deno,
    pid: Deno.pid,
    host: options.host,
    port: server.port,
  });
  await Deno.stdout.write(encoder.encode(`${line}\n`));
  const stop = gracefulStop(
    () => server.shutdown(),
    (code) => Deno.exit(code),
  );
  Deno.addSignalListener('SIGTERM', stop);
  Deno.addSignalListener('SIGINT', stop);
  globalThis.addEventListener('error', (e) => {
    e.preventDefault(); // no input may bring the server down: report the bug and keep serving
    Deno.stderr.writeSync(encoder.encode(`uncaught: ${e.error?.stack ?? e.message}\n`));
  });
  globalThis.addEventListener('unhandledrejection', (e) => {
    e.preventDefault();
    Deno.stderr.writeSync(encoder.encode(`unhandled rejection: ${e.reason?.stack ?? e.reason}\n`));
  });
}
