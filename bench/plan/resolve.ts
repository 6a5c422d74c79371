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

/** A taskset list as numbers; [] where it does not parse (checked before it gets here). */
function cpuList(list: string): number[] {
  const parsed = parseCpuList(list);
  return 'error' in parsed ? [] : parsed;
}

/**
 * The default split of the machine's CPUs: the first half to the servers, the rest (at least one) to the
 * load generator and the harness; 2 CPUs are 1 + 1, 16 are 8 + 8.
 */
export function defaultSplit(cpus: number): { serverCpus: string; clientCpus: string } {
  // One CPU cannot be split: both share it.
  if (cpus < 2) return { serverCpus: '0', clientCpus: '0' };
  const client = Math.max(1, Math.floor(cpus / 2));
  const server = Math.max(1, cpus - client);
  const list = (from: number, to: number) => (from === to ? String(from) : `${from}-${to}`);
  return { serverCpus: list(0, server - 1), clientCpus: list(server, server + client - 1) };
}

function resolvePinning(o: BenchOptions, notes: string[]): ResolvedPinning | { error: string } {
  const cores = cpus().length;
  const off = { enabled: false, serverCpus: null, clientCpus: null, shared: true } as const;
  if (!o.pin) return { pinning: off, serverCores: cores, clientCores: cores };
  if (cores < 2 || !hasTaskset()) {
    notes.push(
      cores < 2
        ? 'one CPU only: pinning is off, and server and load generator share it (every figure is flagged shared-cpus)'
        : 'taskset not found (util-linux): CPU pinning is off (every figure is flagged shared-cpus)',
    );
    return { pinning: off, serverCores: cores, clientCores: cores };
  }
  const split = defaultSplit(cores);
  const serverList = o.serverCpus ?? split.serverCpus;
  const clientList = o.clientCpus ?? split.clientCpus;
  const server = parseCpuList(serverList);
  if ('error' in server) return { error: `--server-cpus: ${server.error}` };
  const client = parseCpuList(clientList);
  if ('error' in client) return { error: `--client-cpus: ${client.error}` };
  const outside = [...server, ...client].find((cpu) => cpu >= cores);
  if (outside !== undefined)
    return { error: `CPU ${outside} does not exist: this machine has CPUs 0-${cores - 1}` };
  const shared = server.some((cpu) => client.includes(cpu));
  if (shared) {
    notes.push(
      `--server-cpus ${serverList} and --client-cpus ${clientList} overlap: the load generator takes CPU from the servers, so every figure is flagged shared-cpus`,
    );
  }
  return {
    pinning: { enabled: true, serverCpus: serverList, clientCpus: clientList, shared },
    serverCores: server.length,
    clientCores: client.length,
  };
}

/**
 * A default run on servers that have one CPU leaves out the models built to spread over several (cluster,
 * reuseport): on one CPU their processes only take turns, and the figure says nothing of the model. Named
 * with --targets they are measured anyway; with two CPUs or more for the servers they are in.
 */
export function withoutManyProcesses(
  choice: { readonly targets: readonly BenchTarget[]; readonly skipped: readonly string[] },
  serverCores: number,
): { targets: BenchTarget[]; skipped: string[] } {
  if (serverCores >= 2) return { targets: [...choice.targets], skipped: [...choice.skipped] };
  const many = (t: BenchTarget) => t.kind === 'server' && t.target.impl.group === 'multi-process';
  const left = choice.targets.filter(many).map((t) => t.name);
  return {
    targets: choice.targets.filter((t) => !many(t)),
    skipped:
      left.length === 0
        ? [...choice.skipped]
        : [
            ...choice.skipped,
            `${left.join(', ')} (several processes on the servers' one CPU only take turns: name them with --targets to measure them anyway, or give the servers more CPUs with --server-cpus)`,
          ],
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
  const chosen = chooseTargets(o.targets, remote, findReferences());
  if ('error' in chosen) return chosen;
  const choice = o.targets === null ? withoutManyProcesses(chosen, pins.serverCores) : chosen;
  notes.push(...choice.skipped.map((s) => `skipped ${s}`));
  const reference = choice.targets.find((t) => t.kind === 'nginx');
  const beside = o.beside && reference !== undefined && choice.targets.length > 1;

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
    serverCpuList: pins.pinning.enabled ? cpuList(pins.pinning.serverCpus!) : [],
    wholeSecondWindows: engine.wholeSecondWindows,
    beside,
  });
  if (plan.scenarios.includes('cores') && (!pins.pinning.enabled || pins.serverCores < 2)) {
    notes.push(
      `cores needs at least 2 CPUs for the servers, pinned; this run gives them ${pins.pinning.enabled ? pins.serverCores : 'none pinned'}: it measures nothing there (on a bigger machine, or --server-cpus 0-3 --client-cpus 4-7)`,
    );
  }
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
