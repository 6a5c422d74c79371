// The default engine: loadgen (loadgen/main.bun.ts), the project's own, on the Bun of devDependencies, in a
// process of its own pinned to the client cores.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runtimeBinary } from '../../servers/launch.ts';
import { startChildEngine } from './child-engine.ts';
import type { EngineDefinition } from './registry.ts';
import type { LoadEngine } from './types.ts';

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

export async function startLoadgen(clientCpus: string | null): Promise<LoadEngine> {
  const hardLimit = hardFileLimit();
  const bun = runtimeBinary('bun');
  const [file, args]: [string, string[]] =
    hardLimit !== null && hardLimit < Number.MAX_SAFE_INTEGER
      ? ['prlimit', [`--nofile=${hardLimit}:${hardLimit}`, '--', bun, 'run', '--silent', MAIN]]
      : [bun, ['run', '--silent', MAIN]];
  const child = await startChildEngine('loadgen', clientCpus, file, args);
  return {
    name: 'loadgen',
    version: `${projectVersion()} (${child.runtime})`,
    // One JavaScript thread drives every connection.
    capacityCores: () => 1,
    cannotMeasure: (spec) => {
      const needed = spec.connections + spec.idleConnections + SPARE_FILES;
      if (hardLimit !== null && needed > hardLimit) {
        return `loadgen needs ${needed} open files and the limit here is ${hardLimit} (raise it with ulimit -Hn)`;
      }
      return null;
    },
    load: child.load,
    close: child.close,
  };
}

export const loadgenEngine = {
  name: 'loadgen',
  summary: "the project's own (default), on Bun: every answer checked, open loop, idle connections",
  locate: () => ({ binary: null }),
  wholeSecondWindows: false,
  lacks: {},
  start: ({ clientCpus }) => startLoadgen(clientCpus),
} as const satisfies EngineDefinition;
