// How to start a target as a process: the one place that knows each runtime's command line.
// The serve CLI, the tests and the bench harness all start servers through serverCommand().
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Runtime, Target } from './registry.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_ROOT = join(REPO_ROOT, 'html');

/** Bun and Deno come from devDependencies, never from the PATH, so every machine runs the pinned versions. */
export function runtimeBinary(runtime: Runtime): string {
  if (runtime === 'node') return process.execPath;
  const bin = join(REPO_ROOT, 'node_modules', '.bin', runtime);
  if (!existsSync(bin))
    throw new Error(`${runtime} is not installed: run npm ci (it comes from devDependencies)`);
  return bin;
}

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** The command that runs a target's entry file with the given server flags (--port, --root, ...). */
export function serverCommand(target: Target, serverArgs: readonly string[]): Command {
  const entry = join(REPO_ROOT, target.impl.entry);
  const file = runtimeBinary(target.runtime);
  const prefix: Record<Runtime, string[]> = {
    // Node 20 cannot strip types by itself; tsx's loader does it once at start-up.
    node: ['--import', 'tsx'],
    bun: ['run', '--silent'],
    deno: ['run', '--allow-all', '--quiet', '--no-prompt'],
  };
  return { file, args: [...prefix[target.runtime], entry, ...serverArgs], cwd: REPO_ROOT };
}
