// How to start a target as a process: the one place that knows each runtime's command line.
// The serve CLI, the tests and the bench harness all start servers through serverCommand().
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleNodeEntries } from './adapter/node/bundle.ts';
import { DEFAULT_ROOT, REPO_ROOT } from './paths.ts';
import { pinnedNode } from './pinned-node.ts';
import { IMPLEMENTATIONS, type Runtime, type Target } from './registry.ts';
import { RUN_ARGS } from './run-args.ts';

export { DEFAULT_ROOT, REPO_ROOT };

/**
 * Node, Bun and Deno all come from npm packages, never from the PATH, so every machine runs the pinned
 * versions: Bun and Deno from devDependencies, Node from its platform package (servers/pinned-node.ts).
 * The Node that runs this code (the harness, vitest) need not be the one the servers run on.
 */
export function runtimeBinary(runtime: Runtime): string {
  if (runtime === 'node') {
    const pinned = pinnedNode();
    if ('error' in pinned) throw new Error(pinned.error);
    return pinned.binary;
  }
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

/** Where the Node bundles go: inside node_modules, so npm ci starts from a clean slate. */
const BUNDLE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'http-server-shootout');
/** Every Node entry, plus the files they start themselves (worker threads), bundled in one esbuild call. */
const NODE_ENTRIES = IMPLEMENTATIONS.filter((i) => i.runtimes.includes('node')).flatMap((i) =>
  i.workerEntry === undefined ? [i.entry] : [i.entry, i.workerEntry],
);

/** The command that runs a target's entry file with the given server flags (--port, --root, ...). */
export function serverCommand(target: Target, serverArgs: readonly string[]): Command {
  const file = runtimeBinary(target.runtime);
  // A bundle does not live next to its sources, so the default root is passed rather than derived.
  const hasRoot = serverArgs.some((a) => a === '--root' || a.startsWith('--root='));
  const args = hasRoot ? serverArgs : ['--root', DEFAULT_ROOT, ...serverArgs];
  if (target.runtime === 'node') {
    // An entry the registry does not claim for Node is still bundled on request: the tests run it to
    // prove that it fails there, and how.
    const entries = NODE_ENTRIES.includes(target.impl.entry) ? NODE_ENTRIES : [target.impl.entry];
    const bundle = bundleNodeEntries(REPO_ROOT, BUNDLE_DIR, entries)[entries.indexOf(target.impl.entry)]!;
    return { file, args: [bundle, ...args], cwd: REPO_ROOT };
  }
  return {
    file,
    args: [...RUN_ARGS[target.runtime], join(REPO_ROOT, target.impl.entry), ...args],
    cwd: REPO_ROOT,
  };
}

/** What the runtime's binary says its version is ("24.22.3"), or null when it is not there or fails. */
export function runtimeVersion(runtime: Runtime): string | null {
  try {
    const printed = execFileSync(runtimeBinary(runtime), ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    // "v24.22.3" for node, "1.4.5" for bun, "deno 2.9.6 (stable, release, ...)\nv8 ..." for deno.
    return /(\d+\.\d+\.\d+\S*)/.exec(printed)?.[1] ?? null;
  } catch {
    return null;
  }
}
