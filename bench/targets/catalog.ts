// What can be measured: the registry's impl@runtime targets, nginx as a reference when it is installed,
// and a remote server given with --url. Resolving --targets happens here, with one-line errors.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { REPO_ROOT } from '../../servers/launch.ts';
import { pinnedNode } from '../../servers/pinned-node.ts';
import { allTargets, findTarget, IMPLEMENTATIONS, type Target, targetName } from '../../servers/registry.ts';
import type { ImplementationInfo } from '../model/schema.ts';

export type BenchTarget =
  | { readonly kind: 'server'; readonly name: string; readonly target: Target }
  | { readonly kind: 'nginx'; readonly name: 'nginx'; readonly binary: string }
  | { readonly kind: 'lesson'; readonly name: 'lesson'; readonly python: string }
  | {
      readonly kind: 'remote';
      readonly name: string;
      readonly origin: string;
      /**
       * The request the user named (path and query), measured in every scenario but missing; null for an
       * origin alone, where the scenarios ask their own paths.
       */
      readonly path: string | null;
      /** The status that request must answer with: 200 unless the user said otherwise (--expect-status). */
      readonly expectStatus: number;
    };

/** What --url and its companions name: where the server is, the request to measure, the answer wanted. */
export interface RemoteSpec {
  readonly url: string;
  readonly name: string | null;
  readonly expectStatus: number | null;
}

/** The remote target of a --url: an origin with no path measures the scenarios' own requests. */
export function remoteTarget(spec: RemoteSpec): Extract<BenchTarget, { kind: 'remote' }> {
  const url = new URL(spec.url);
  const request = `${url.pathname}${url.search}`;
  return {
    kind: 'remote',
    name: spec.name ?? url.host,
    origin: url.origin,
    path: request === '/' ? null : request,
    expectStatus: spec.expectStatus ?? 200,
  };
}

/** The reference targets beside the registry's servers, and where their programs were found (null: absent). */
export interface References {
  readonly nginx: string | null;
  readonly python: string | null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, extraDirs: readonly string[], pathEnv: string): string | null {
  const dirs = [...pathEnv.split(delimiter).filter((d) => d !== ''), ...extraDirs];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** nginx joins the run when it is on the PATH or in /usr/sbin (Debian's place, often not on a user's PATH). */
export function findNginx(pathEnv = process.env['PATH'] ?? ''): string | null {
  return findOnPath('nginx', ['/usr/sbin'], pathEnv);
}

/** The lesson's server runs on python3 from the PATH. */
export function findPython(pathEnv = process.env['PATH'] ?? ''): string | null {
  return findOnPath('python3', ['/usr/bin'], pathEnv);
}

export function findReferences(): References {
  return { nginx: findNginx(), python: findPython() };
}

/** A registry target can run here when its runtime is installed (Bun and Deno come from node_modules). */
/** Why a target's runtime cannot run here, or null when it can. Node too comes from npm (a platform package). */
export function runtimeMissing(target: Target): string | null {
  if (target.runtime === 'node') {
    const pinned = pinnedNode();
    return 'error' in pinned ? pinned.error : null;
  }
  return existsSync(join(REPO_ROOT, 'node_modules', '.bin', target.runtime))
    ? null
    : `${target.runtime} is not installed (run npm ci)`;
}

export function runtimeAvailable(target: Target): boolean {
  return runtimeMissing(target) === null;
}

function serverTarget(target: Target): BenchTarget {
  return { kind: 'server', name: targetName(target), target };
}

export interface TargetChoice {
  readonly targets: readonly BenchTarget[];
  /** Registry targets left out of a default run, with the reason, for the plan's first lines. */
  readonly skipped: readonly string[];
}

/**
 * Targets for a run: the ones named with --targets, or every available one; plus the --url target.
 * With --url and no --targets, only the remote server is measured.
 */
const NGINX_MISSING = 'nginx is not installed (apt-get install nginx-light)';
const PYTHON_MISSING = 'python3 is not installed (apt-get install python3)';

export function chooseTargets(
  specs: readonly string[] | null,
  remote: Extract<BenchTarget, { kind: 'remote' }> | null,
  references: References,
): TargetChoice | { error: string } {
  const chosen: BenchTarget[] = [];
  const skipped: string[] = [];
  const nginx =
    references.nginx === null ? null : ({ kind: 'nginx', name: 'nginx', binary: references.nginx } as const);
  const lesson =
    references.python === null
      ? null
      : ({ kind: 'lesson', name: 'lesson', python: references.python } as const);
  if (specs === null && remote === null) {
    for (const target of allTargets()) {
      const missing = runtimeMissing(target);
      if (missing === null) chosen.push(serverTarget(target));
      else skipped.push(`${targetName(target)} (${missing})`);
    }
    if (lesson) chosen.push(lesson);
    else skipped.push(`lesson (${PYTHON_MISSING})`);
    if (nginx) chosen.push(nginx);
    else skipped.push(`nginx (${NGINX_MISSING})`);
  }
  const valid = [...allTargets().map(targetName), 'lesson', 'nginx'].join(', ');
  for (const spec of specs ?? []) {
    if (spec === 'nginx') {
      if (!nginx) return { error: `target "nginx": ${NGINX_MISSING}` };
      chosen.push(nginx);
      continue;
    }
    if (spec === 'lesson') {
      if (!lesson) return { error: `target "lesson": ${PYTHON_MISSING}` };
      chosen.push(lesson);
      continue;
    }
    const found = findTarget(spec);
    if ('error' in found) {
      // A known implementation on a wrong runtime: the registry's message says which runtimes it has.
      const implKnown = IMPLEMENTATIONS.some((impl) => impl.id === spec.split('@')[0]);
      return {
        error: implKnown ? `target "${spec}": ${found.error}` : `unknown target "${spec}"; valid: ${valid}`,
      };
    }
    const missing = runtimeMissing(found);
    if (missing !== null) return { error: `target "${spec}": ${missing}` };
    chosen.push(serverTarget(found));
  }
  if (remote) chosen.push(remote);
  const seen = new Set<string>();
  const unique = chosen.filter((t) => !seen.has(t.name) && seen.add(t.name));
  if (unique.length === 0) return { error: 'no target to measure' };
  return { targets: unique, skipped };
}

/** impl and runtime columns of a run. */
export function implAndRuntime(t: BenchTarget): { impl: string; runtime: string } {
  if (t.kind === 'server') return { impl: t.target.impl.id, runtime: t.target.runtime };
  if (t.kind === 'nginx') return { impl: 'nginx', runtime: 'native' };
  if (t.kind === 'lesson') return { impl: 'lesson', runtime: 'python' };
  return { impl: t.name, runtime: 'remote' };
}

/** The paragraph the report shows for each implementation measured. */
export function implementationInfo(t: BenchTarget, serverCores: number): ImplementationInfo {
  if (t.kind === 'server') {
    const { id, model, group, description, parser } = t.target.impl;
    return { id, model, group, description, parser };
  }
  if (t.kind === 'nginx') {
    return {
      id: 'nginx',
      model: `reference: nginx, ${serverCores} worker process${serverCores === 1 ? '' : 'es'}`,
      description:
        `nginx from the operating system's packages, serving the same folder with a generated configuration: ` +
        `${serverCores} worker process${serverCores === 1 ? '' : 'es'} (one per server core), each an event loop ` +
        'over epoll, sendfile on, access log off. It is here as a yardstick of what a mature C server does on ' +
        "the same machine, not as one of the project's servers.",
      parser: 'reference',
      group: 'reference',
    };
  }
  if (t.kind === 'lesson') {
    return {
      id: 'lesson',
      model: 'reference: the lesson, one connection at a time (Python)',
      description:
        "The lesson's own server, written from its description in a few lines of Python: one socket with " +
        'SO_REUSEADDR, listen(128), accept a connection, recv(1024), take the path from the request line with a ' +
        'regular expression, send "HTTP/1.1 200 OK", a blank line and the file, close, accept the next. Its ' +
        'faults are kept, since they are what it teaches: no Content-Length (the answer ends when the ' +
        'connection closes, so every request pays for a new connection), one client at a time, recv(1024) ' +
        'reads whatever part of the request has arrived, and paths are not checked against traversal. A ' +
        'reference, measured on loopback only and never put through the conformance suite.',
      parser: 'reference',
      group: 'reference',
    };
  }
  return {
    id: t.name,
    model: 'remote server',
    description:
      `An already-running server at ${t.origin}, measured from this machine over the network` +
      `${t.path === null ? '' : ` on GET ${t.path}`}. ` +
      'Its CPU and memory are not sampled: only what the load generator sees is known.',
    parser: 'runtime',
  };
}
