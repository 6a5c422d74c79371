// The default engine: loadgen (loadgen/main.bun.ts), the project's own, on the Bun of devDependencies, in a
// process of its own pinned to the client cores.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runtimeBinary } from '../../servers/launch.ts';
import { parseCpuList } from '../proc/cpu-list.ts';
import { startChildEngine } from './child-engine.ts';
import type { EngineDefinition } from './registry.ts';
import { splitLoad } from './split-load.ts';
import type { LoadEngine } from './types.ts';

function cpuListOf(list: string): number[] {
  const cpus = parseCpuList(list);
  return 'error' in cpus ? [] : cpus;
}

const MAIN = fileURLToPath(new URL('./loadgen/main.bun.ts', import.meta.url));
/** Descriptors the process needs beyond its connections: Bun's own, stdio, the expected bodies. */
const SPARE_FILES = 64;

/** The hard limit on open files, which the engine's soft limit is raised to (the idle scenario needs thousands). */
export function hardFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const hard = line?.trim().split(/\s+/)[4];
    if (hard === undefined) return null;
    return hard === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(hard);
  } catch {
    return null;
  }
}

function projectVersion(): string {
  const manifest = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string };
  return manifest.version;
}

/** The CPUs of a taskset list, one per process: each engine process on a core of its own, in turn. */
export function cpuForProcess(
  clientCpus: string | null,
  cpuList: readonly number[],
  i: number,
): string | null {
  if (clientCpus === null || cpuList.length === 0) return clientCpus;
  return String(cpuList[i % cpuList.length]);
}

/**
 * `processes` loadgen processes (one per client core by default), each pinned to one client CPU; a window
 * splits its connections between them and merges what they saw (split-load.ts).
 */
export async function startLoadgen(
  clientCpus: string | null,
  processes = 1,
  cpuList: readonly number[] = [],
): Promise<LoadEngine> {
  const hardLimit = hardFileLimit();
  const bun = runtimeBinary('bun');
  const [file, args]: [string, string[]] =
    hardLimit !== null && hardLimit < Number.MAX_SAFE_INTEGER
      ? ['prlimit', [`--nofile=${hardLimit}:${hardLimit}`, '--', bun, 'run', '--silent', MAIN]]
      : [bun, ['run', '--silent', MAIN]];
  const children = await Promise.all(
    Array.from({ length: Math.max(1, processes) }, (_, i) =>
      startChildEngine('loadgen', cpuForProcess(clientCpus, cpuList, i), file, args),
    ),
  );
  return {
    name: 'loadgen',
    version: `${projectVersion()} (${children[0]!.runtime})`,
    // One JavaScript thread per process drives its connections.
    capacityCores: (connections) => Math.max(1, Math.min(children.length, connections)),
    cannotMeasure: (spec) => {
      const parts = Math.max(1, Math.min(children.length, spec.connections));
      const needed =
        Math.ceil(spec.connections / parts) + Math.ceil(spec.idleConnections / parts) + SPARE_FILES;
      if (hardLimit !== null && needed > hardLimit) {
        return `loadgen needs ${needed} open files and the limit here is ${hardLimit} (raise it with ulimit -Hn)`;
      }
      return null;
    },
    load: (spec, hooks, signal) => splitLoad(children, spec, hooks, signal),
    close: async () => {
      await Promise.all(children.map((c) => c.close()));
    },
  };
}

export const loadgenEngine = {
  name: 'loadgen',
  summary: "the project's own (default), on Bun: every answer checked, open loop, idle connections",
  locate: () => ({ binary: null }),
  wholeSecondWindows: false,
  lacks: {},
  start: ({ clientCpus, clientCores, processes }) =>
    startLoadgen(clientCpus, processes ?? clientCores, clientCpus === null ? [] : cpuListOf(clientCpus)),
} as const satisfies EngineDefinition;
