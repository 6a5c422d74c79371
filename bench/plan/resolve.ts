// From parsed flags to a run configuration, with the checks that need this machine: which targets exist,
// how many cores there are, whether wrk and taskset are installed, whether the baseline file is valid.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { type EngineDefinition, findEngine } from '../engines/registry.ts';
import type { Environment, Results } from '../model/schema.ts';
import { parseCpuList } from '../proc/cpu-list.ts';
import { readResults } from '../results/results-file.ts';
import { type BenchTarget, chooseTargets, findReferences, remoteTarget } from '../targets/catalog.ts';
import type { BenchOptions } from './options.ts';
import { makePlan, type Plan } from './plan.ts';

export interface RunConfig {
  readonly options: BenchOptions;
  readonly targets: readonly BenchTarget[];
  readonly plan: Plan;
  readonly engine: EngineDefinition;
  /** Where the engine's program is (null: it needs none beyond npm ci). */
  readonly engineBinary: string | null;
  readonly pinning: Environment['pinning'];
  /** Cores the servers may use (nginx workers) and the load generator may use (wrk threads). */
  readonly serverCores: number;
  readonly clientCores: number;
  readonly baseline: Results | null;
  /** Absolute --out folder, or null for reports/<run-id>. */
  readonly outDir: string | null;
  /** Things the user should know before the run starts (targets skipped, pinning turned off). */
  readonly notes: readonly string[];
}

/** Paths typed by the user are relative to where they typed them; npm run moves to the package root. */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env['INIT_CWD'] ?? process.cwd(), path);
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface ResolvedPinning {
  readonly pinning: Environment['pinning'];
  readonly serverCores: number;
  readonly clientCores: number;
}

function resolvePinning(o: BenchOptions, notes: string[]): ResolvedPinning | { error: string } {
  const cores = cpus().length;
  const off = { enabled: false, serverCpus: null, clientCpus: null } as const;
  if (!o.pin) return { pinning: off, serverCores: cores, clientCores: cores };
  const server = parseCpuList(o.serverCpus);
  if ('error' in server) return { error: `--server-cpus: ${server.error}` };
  const client = parseCpuList(o.clientCpus);
  if ('error' in client) return { error: `--client-cpus: ${client.error}` };
  const outside = [...server, ...client].find((cpu) => cpu >= cores);
  if (outside !== undefined)
    return { error: `CPU ${outside} does not exist: this machine has CPUs 0-${cores - 1}` };
  if (server.some((cpu) => client.includes(cpu))) {
    return {
      error: `--server-cpus ${o.serverCpus} and --client-cpus ${o.clientCpus} overlap; they must be disjoint`,
    };
  }
  if (cores < 2 || !hasTaskset()) {
    notes.push(
      cores < 2 ? 'one core only: CPU pinning is off' : 'taskset not found (util-linux): CPU pinning is off',
    );
    return { pinning: off, serverCores: cores, clientCores: cores };
  }
  return {
    pinning: { enabled: true, serverCpus: o.serverCpus, clientCpus: o.clientCpus },
    serverCores: server.length,
    clientCores: client.length,
  };
}

export function resolveConfig(o: BenchOptions): RunConfig | { error: string } {
  const notes: string[] = [];
  const pins = resolvePinning(o, notes);
  if ('error' in pins) return { error: pins.error };

  const engine = findEngine(o.engine);
  if ('error' in engine) return engine;
  const located = engine.locate();
  if ('error' in located) return { error: `--engine ${engine.name}: ${located.error}` };

  let baseline: Results | null = null;
  if (o.baseline !== null) {
    const read = readResults(userPath(o.baseline));
    if ('error' in read) return { error: `--baseline: ${read.error}` };
    baseline = read;
  }

  const remote =
    o.url === null ? null : remoteTarget({ url: o.url, name: o.name, expectStatus: o.expectStatus });
  const choice = chooseTargets(o.targets, remote, findReferences());
  if ('error' in choice) return choice;
  notes.push(...choice.skipped.map((s) => `skipped ${s}`));

  const plan = makePlan({
    targets: choice.targets,
    scenarios: o.scenarios,
    full: o.full,
    quick: o.quick,
    durationSec: o.durationSec,
    repeats: o.repeats,
    warmupSec: o.warmupSec,
    connections: o.connections,
    rates: o.rates,
    scale: {
      idleConnections: o.idleConnections,
      slowClients: o.slowClients,
      downloads: o.downloads,
      downloadBytes: o.downloadMib === null ? null : o.downloadMib * 2 ** 20,
      downloadRate: o.downloadRateMb === null ? null : o.downloadRateMb * 1e6,
    },
    seed: o.seed ?? Math.floor(Math.random() * 2 ** 31),
    wholeSecondWindows: engine.wholeSecondWindows,
  });
  if (plan.leftOut.length > 0) {
    notes.push(
      `left out to keep every figure at the floor within ${plan.budgetSec / 60} minutes: ${plan.leftOut.join(', ')} ` +
        '(--scenarios LIST or --full to measure them)',
    );
  }
  return {
    options: o,
    targets: choice.targets,
    plan,
    engine,
    engineBinary: located.binary,
    pinning: pins.pinning,
    serverCores: pins.serverCores,
    clientCores: pins.clientCores,
    baseline,
    outDir: o.out === null ? null : userPath(o.out),
    notes,
  };
}
