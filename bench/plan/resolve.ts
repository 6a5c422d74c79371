// From parsed flags to a run configuration, with the checks that need this machine: which targets exist,
// how many cores there are, whether wrk and taskset are installed, whether the baseline file is valid.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { WRK_CANDIDATES } from '../engines/wrk.ts';
import { readResults } from '../results/results-file.ts';
import type { Environment, Results, ScenarioId } from '../results/schema.ts';
import { type BenchTarget, chooseTargets, findReferences } from '../targets/catalog.ts';
import { parseCpuList } from './cpu-list.ts';
import type { BenchOptions } from './options.ts';
import { chooseQuickScenarios, listMeasurements, makePlan, type Plan } from './plan.ts';
import { QUICK_PRIORITY, SCENARIO_ORDER } from './scenarios.ts';

export interface RunConfig {
  readonly options: BenchOptions;
  readonly targets: readonly BenchTarget[];
  readonly scenarios: readonly ScenarioId[];
  readonly plan: Plan;
  readonly pinning: Environment['pinning'];
  /** Cores the servers may use (nginx workers) and the load generator may use (wrk threads). */
  readonly serverCores: number;
  readonly clientCores: number;
  readonly wrkBinary: string | null;
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

  const wrkBinary = WRK_CANDIDATES.find((path) => existsSync(path)) ?? null;
  if (o.engine === 'wrk' && !wrkBinary)
    return { error: '--engine wrk: wrk is not installed (apt-get install wrk)' };

  let baseline: Results | null = null;
  if (o.baseline !== null) {
    const read = readResults(userPath(o.baseline));
    if ('error' in read) return { error: `--baseline: ${read.error}` };
    baseline = read;
  }

  const remote = o.url === null ? null : { origin: o.url, name: o.name ?? new URL(o.url).host };
  const choice = chooseTargets(o.targets, remote, findReferences());
  if ('error' in choice) return choice;
  notes.push(...choice.skipped.map((s) => `skipped ${s}`));

  const fixed = { durationSec: o.durationSec, repeats: o.repeats, warmupSec: o.warmupSec };
  let scenarios = o.scenarios ?? SCENARIO_ORDER;
  if (o.scenarios === null && o.quick) {
    scenarios = chooseQuickScenarios(choice.targets, o.connections, fixed);
    const left = QUICK_PRIORITY.filter((id) => !scenarios.includes(id));
    if (left.length > 0) notes.push(`quick: left out ${left.join(', ')} to stay within 2 minutes`);
  }
  const measurements = listMeasurements(choice.targets, scenarios, o.connections, o.rates, {
    idleConnections: o.idleConnections,
    slowClients: o.slowClients,
  });
  const plan = makePlan(measurements, fixed, o.quick);
  return {
    options: o,
    targets: choice.targets,
    scenarios,
    plan,
    pinning: pins.pinning,
    serverCores: pins.serverCores,
    clientCores: pins.clientCores,
    wrkBinary,
    baseline,
    outDir: o.out === null ? null : userPath(o.out),
    notes,
  };
}
