// What a bench run was asked for: the options as one plain object with its defaults. The command line
// is read into it by cli/bench-args.ts; checks that need the machine (which targets exist, how many
// cores) happen in resolve.ts.
import { DEFAULT_ENGINE, type EngineName } from '../engines/registry.ts';
import type { ScenarioId } from '../model/scenarios.ts';
import type { Gate } from '../results/gates.ts';

/** `--export FORMAT PATH` or `--import FORMAT PATH`, as typed. */
export interface FormatAndPath {
  readonly format: string;
  readonly path: string;
}

export interface BenchOptions {
  /** Target specs as typed (impl, impl@runtime, nginx); null means every target available here. */
  readonly targets: readonly string[] | null;
  /** null means the planner's choice: the core set, as much of it as fits the budget at the floor. */
  readonly scenarios: readonly ScenarioId[] | null;
  /** Every scenario, whatever the budget. */
  readonly full: boolean;
  /** null means: chosen by the planner to fit the time budget. */
  readonly durationSec: number | null;
  /** Rounds, hence repetitions of every figure; null: the floor, and more where intervals are wide. */
  readonly repeats: number | null;
  /** The adaptive warm-up's cap, seconds; 0: no warm-up. */
  readonly warmupSec: number | null;
  /** Seed of the order of the targets in each round; null: drawn at random, and recorded. */
  readonly seed: number | null;
  /** Replaces the connection count of every scenario except the sweep. */
  readonly connections: number | null;
  /** The latency scenario's open-loop rates, requests/s; null: shares of each target's small throughput. */
  readonly rates: readonly number[] | null;
  /** The idle scenario's idle connections, and the slowloris scenario's slow clients; null: the scenario's own. */
  readonly idleConnections: number | null;
  readonly slowClients: number | null;
  /** The stream scenario's clients, file size (MiB) and each client's rate (MB/s); null: the scenario's own. */
  readonly downloads: number | null;
  readonly downloadMib: number | null;
  readonly downloadRateMb: number | null;
  readonly quick: boolean;
  /** Measure every ranked point beside the reference too, both loaded at once (--no-beside: not). */
  readonly beside: boolean;
  readonly engine: EngineName;
  /** Engine processes; null: one per client core (loadgen). */
  readonly engineProcesses: number | null;
  /** The kernel's TCP congestion control for the run (then put back); null: leave the machine's. */
  readonly tcpCongestion: string | null;
  /** taskset CPU lists; null: the machine's CPUs split between servers and load generator (resolve.ts). */
  readonly serverCpus: string | null;
  readonly clientCpus: string | null;
  readonly pin: boolean;
  readonly out: string | null;
  readonly baseline: string | null;
  /** A server already running: the full URL, whose path (if any) is the request its scenarios measure. */
  readonly url: string | null;
  /** The status the --url request must answer with (default 200): a redirect is measured only when asked for. */
  readonly expectStatus: number | null;
  readonly name: string | null;
  readonly json: boolean;
  /** Thresholds on the figures that decide the exit status (--gate, --gates FILE). */
  readonly gates: readonly Gate[];
  /** Files for other tools, written after the run (or, for artillery, instead of one). */
  readonly exports: readonly FormatAndPath[];
  /** Reports of another engine turned into a results file instead of a run (--import artillery FILE). */
  readonly imports: readonly FormatAndPath[];
  readonly help: boolean;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = {
  targets: null,
  scenarios: null,
  full: false,
  durationSec: null,
  repeats: null,
  warmupSec: null,
  seed: null,
  connections: null,
  rates: null,
  idleConnections: null,
  slowClients: null,
  downloads: null,
  downloadMib: null,
  downloadRateMb: null,
  quick: false,
  beside: true,
  engine: DEFAULT_ENGINE,
  engineProcesses: null,
  tcpCongestion: null,
  serverCpus: null,
  clientCpus: null,
  pin: true,
  out: null,
  baseline: null,
  url: null,
  expectStatus: null,
  name: null,
  json: false,
  gates: [],
  exports: [],
  imports: [],
  help: false,
};
