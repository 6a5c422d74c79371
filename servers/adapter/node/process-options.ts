// Server flags and root check for entries that have node:process and node:fs (Node, and Bun, which
// provides both): one line on stderr and a non-zero exit for anything that stops a start.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseServerArgs, type ServerOptions } from '../../core/options.ts';
import { gracefulStop } from '../../core/shutdown.ts';
import { DEFAULT_ROOT } from '../../paths.ts';

export type Options = ServerOptions & { readonly root: string };

export function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export function parseOptions(argv: readonly string[]): Options {
  const parsed = parseServerArgs(argv);
  if ('error' in parsed) fail(parsed.error, 2);
  const root = resolve(parsed.root ?? DEFAULT_ROOT);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {}
  if (!isDir) fail(`root directory not found: ${root}`);
  return { ...parsed, root };
}

/** One access-log line per request on stderr (--log), or null. */
export function makeLogger(enabled: boolean): ((line: string) => void) | null {
  return enabled ? (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) : null;
}

/**
 * SIGTERM and SIGINT shut the server down within the contract's 2 s; no input may bring it down, so a
 * bug that escapes a connection is reported, not fatal.
 */
export function handleSignals(shutdown: () => Promise<void>): void {
  const stop = gracefulStop(shutdown, (code) => process.exit(code));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('uncaughtException', (err) => process.stderr.write(`uncaught: ${err.stack ?? err}\n`));
}
