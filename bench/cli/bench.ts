// npm run bench: plan, measure every target in every scenario, write the report. Bad flags: one line on
// stderr and exit 2. Ctrl-C or SIGTERM: stop every process started, write what finished, exit 130/143.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { DEFAULT_ROOT, REPO_ROOT } from '../../servers/launch.ts';
import { startEngine } from '../engines/registry.ts';
import { sideBySide } from '../measure/beside.ts';
import { calibrate } from '../measure/calibration.ts';
import { runPlan } from '../measure/runner.ts';
import { pacingNote } from '../model/pacing.ts';
import { SWEEP_CONNECTIONS } from '../model/scenarios.ts';
import { RESULTS_VERSION, type Results } from '../model/schema.ts';
import type { BenchOptions } from '../plan/options.ts';
import { formatDuration, type Plan, planScenarios } from '../plan/plan.ts';
import { type RunConfig, resolveConfig, userPath } from '../plan/resolve.ts';
import { prepareSite } from '../plan/site.ts';
import { stopAllChildren } from '../proc/children.ts';
import { congestionControl, restoreCongestionControl, setCongestionControl } from '../proc/tcp-congestion.ts';
import { collectEnvironment, commandLine } from '../results/environment.ts';
import { readResults, resultsJson } from '../results/results-file.ts';
import { implementationInfo } from '../targets/catalog.ts';
import { formatCompact } from '../views/format.ts';
import { pointLatest, writeHistogramLogs, writeReport } from '../views/output.ts';
import { terminalSummary } from '../views/terminal.ts';
import { warmupRuleText } from '../views/words.ts';
import { parseBenchArgs } from './bench-args.ts';
import { BENCH_HELP } from './help.ts';
import { applyGates, exportArtillery, readArtilleryReports, writeExports } from './interop.ts';
import { Progress } from './progress.ts';

const EXIT_USAGE = 2;
/** An export asked for could not be written (the run's own files were). */
const EXIT_EXPORT_FAILED = 1;
const EXIT_BY_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGPIPE: 141 };

function usageError(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(EXIT_USAGE);
}

function runId(): string {
  const id = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  let candidate = id;
  for (let n = 2; existsSync(join(REPO_ROOT, 'reports', candidate)); n++) candidate = `${id}-${n}`;
  return candidate;
}

/** The floor every figure of this plan stands on, in one sentence. */
export function floorText(plan: Plan): string {
  const w = plan.timing.warmup;
  const warm = w.maxSec === 0 ? 'with no warm-up' : `after a warm-up of ${warmupRuleText(w, w.maxSec)}`;
  const more = plan.maxRepeats > plan.rounds ? `, up to ${plan.maxRepeats} where the interval is wide` : '';
  return (
    `every figure from ${plan.rounds} repetition${plan.rounds === 1 ? '' : 's'} of ${plan.timing.durationSec} s${more}, ` +
    `each on a server process of its own ${warm}; targets interleaved in rounds` +
    (plan.timing.beside === true
      ? `; each ranked figure also ${plan.timing.durationSec} s beside nginx, both loaded at once, for its ratio to nginx`
      : '')
  );
}

function describePlan(config: RunConfig): string {
  const { plan } = config;
  // A --url with a path of its own: the request every scenario but missing asks.
  const targets = config.targets
    .map((t) => (t.kind === 'remote' && t.path !== null ? `${t.name} (GET ${t.path})` : t.name))
    .join(', ');
  const lines = [
    ...config.notes.map((note) => `note: ${note}`),
    `targets: ${targets}`,
    `scenarios: ${plan.scenarios.join(', ')}`,
    `floor: ${floorText(plan)}${
      config.targets.some((t) => t.kind === 'remote')
        ? ' (a --url server is not restarted: its repetitions share its one process)'
        : ''
    }`,
    `plan: ${plan.rounds} round${plan.rounds === 1 ? '' : 's'} of the targets, order from seed ${plan.seed}; about ` +
      `${formatDuration(plan.estimatedSec)} for them (budget ${formatDuration(plan.budgetSec)}, extra rounds within it)`,
    config.pinning.enabled
      ? `CPUs: servers on ${config.pinning.serverCpus}, load generator and harness on ${config.pinning.clientCpus}` +
        (config.options.serverCpus === null && config.options.clientCpus === null
          ? ` (this machine's ${cpus().length} CPUs split, --server-cpus and --client-cpus to choose)`
          : '')
      : 'CPUs: not pinned, servers and load generator share them',
  ];
  if (plan.overBudget) {
    lines.push(
      `warning: the floor alone takes longer than the ${formatDuration(plan.budgetSec)} budget; fewer targets or scenarios would fit`,
    );
  }
  return lines.join('\n');
}

/** The harness itself shares the load generator's cores, never the server's. */
function pinSelf(cpus: string): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
  } catch {
    // Not fatal: the measurement is still valid, the harness just floats.
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseBenchArgs(argv);
  if ('error' in options) usageError(options.error);
  if (options.help) {
    process.stdout.write(BENCH_HELP);
    return;
  }
  if (options.imports.length > 0) {
    process.exitCode = await importRun(options, argv);
    return;
  }
  const config = resolveConfig(options);
  if ('error' in config) usageError(config.error);
  const artillery = options.exports.find((e) => e.format === 'artillery');
  if (artillery !== undefined) {
    // The scenarios as scripts for a load tool elsewhere: nothing is measured here.
    exportArtillery(config.plan, options, userPath(artillery.path), process.stdout);
    return;
  }

  // Before any load: a connection a server accepts gets the default of that moment (unless the server
  // chose one for its listener, which none of ours does).
  if (options.tcpCongestion !== null) {
    const set = setCongestionControl(options.tcpCongestion);
    if ('error' in set) usageError(set.error);
  }
  const tcp = { congestionControl: congestionControl(), setByRun: options.tcpCongestion !== null };

  const human = options.json ? process.stderr : process.stdout;
  process.stderr.write(`${describePlan(config)}\n`);
  const pacing = pacingNote(tcp.congestionControl, config.plan.scenarios);
  if (pacing !== null) process.stderr.write(`note: ${pacing}\n`);

  const controller = new AbortController();
  let interruptedBy: string | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedBy !== null) {
      // Second signal: stop waiting for anything.
      void stopAllChildren().finally(() => process.exit(EXIT_BY_SIGNAL[signal] ?? 1));
      return;
    }
    interruptedBy = signal;
    process.stderr.write(`\n${signal}: stopping; the measurements that finished will be written\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A reader that goes away (`npm run bench | head`) is an interruption like Ctrl-C, not a crash that
  // leaves the servers running; what would have gone to it is dropped.
  // Every later write fails too: once is the interruption, the rest are ignored.
  let readerGone = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' || readerGone) return;
      readerGone = true;
      onSignal('SIGPIPE');
    });
  }

  if (config.pinning.enabled) pinSelf(config.pinning.clientCpus!);
  const startedAt = performance.now();
  const site = prepareSite(DEFAULT_ROOT, planScenarios(config.plan));
  const engine = await startEngine(config.engine, {
    clientCpus: config.pinning.enabled ? config.pinning.clientCpus : null,
    clientCores: config.clientCores,
    binary: config.engineBinary,
    processes: options.engineProcesses,
  });
  // The engine's own ceiling here, against a target that does nothing but answer (when there is load to
  // compare with it).
  const anyVisit = [...config.plan.groups.values()].some((groups) => groups.some((g) => g.points.length > 0));
  const calibrated = !anyVisit
    ? { error: 'nothing to measure' }
    : await calibrate(
        engine,
        site.root,
        config.pinning.enabled ? config.pinning.serverCpus : null,
        controller.signal,
      );
  const calibration = 'error' in calibrated ? null : calibrated;
  process.stderr.write(
    calibration === null
      ? `calibration: not measured (${'error' in calibrated ? calibrated.error : ''})\n`
      : `calibration: the engine reaches ${formatCompact(calibration.requestsPerSec)} req/s here against a server that only answers (small's load)\n`,
  );
  const environment = {
    ...collectEnvironment(
      { name: engine.name, version: engine.version },
      config.pinning,
      commandLine(argv, process.env['npm_lifecycle_event'], 'bench/cli/bench.ts'),
      tcp,
    ),
    calibration,
  };
  const serverStart = {
    root: site.root,
    serverCpus: config.pinning.enabled ? config.pinning.serverCpus : null,
    serverCores: config.serverCores,
    signal: controller.signal,
  };
  const live = process.stderr.isTTY === true && !process.env['CI'];
  const progress = new Progress(process.stderr, live, config.plan.timing.durationSec * 3);
  // The reference loaded beside each target, by an engine of its own on the same client CPUs.
  const reference = config.targets.find((t) => t.kind === 'nginx');
  const beside =
    config.plan.timing.beside === true && reference !== undefined
      ? sideBySide(
          reference,
          await startEngine(config.engine, {
            clientCpus: config.pinning.enabled ? config.pinning.clientCpus : null,
            clientCores: config.clientCores,
            binary: config.engineBinary,
            processes: options.engineProcesses,
          }),
          serverStart,
          config.clientCores,
        )
      : null;
  let outcome: Awaited<ReturnType<typeof runPlan>> = {
    measurements: [],
    histograms: [],
    complete: false,
    rounds: 0,
  };
  try {
    outcome = await runPlan({
      plan: config.plan,
      engine,
      progress,
      deadlineMs: startedAt + config.plan.budgetSec * 1000 * 0.97,
      calibration,
      sharedCpus: config.pinning.shared === true,
      start: serverStart,
      beside,
    });
  } finally {
    await beside?.close();
    await engine.close();
    await stopAllChildren();
    restoreCongestionControl();
    site.remove();
  }

  const id = runId();
  const results: Results = {
    version: RESULTS_VERSION,
    runId: id,
    complete: outcome.complete,
    environment,
    method: {
      durationSec: config.plan.timing.durationSec,
      warmupSec: config.plan.timing.warmup.maxSec,
      repeats: config.plan.rounds,
      maxRepeats: outcome.rounds,
      warmup: {
        windowSec: config.plan.timing.warmup.windowSec,
        tolerance: config.plan.timing.warmup.tolerance,
        minWindows: config.plan.timing.warmup.minWindows,
        firstMinWindows: config.plan.timing.warmup.firstMinWindows,
      },
      seed: config.plan.seed,
      leftOut: [...config.plan.leftOut],
      scenarios: [...config.plan.scenarios],
      sweepConnections: [...SWEEP_CONNECTIONS],
      quick: options.quick,
      plannedSec: Math.round(config.plan.estimatedSec),
      elapsedSec: Math.round((performance.now() - startedAt) / 1000),
    },
    // One entry per implementation, however many runtimes it was measured on.
    implementations: [
      ...new Map(
        config.targets.map((t) => implementationInfo(t, config.serverCores)).map((i) => [i.id, i]),
      ).values(),
    ],
    measurements: [...outcome.measurements],
  };
  const dir = config.outDir ?? join(REPO_ROOT, 'reports', id);
  const written = await writeReport(dir, results, config.baseline ?? undefined);
  writeHistogramLogs(dir, results, outcome.histograms);
  if (config.outDir === null) pointLatest(dir);

  human.write(`${terminalSummary(results)}\n\n`);
  if (written.renderError)
    human.write(`warning: the HTML report could not be drawn: ${written.renderError}\n`);
  const fromHere = relative(process.env['INIT_CWD'] ?? process.cwd(), written.html);
  const shown = fromHere.startsWith('..') ? written.html : fromHere;
  human.write(
    `${results.complete ? 'done' : 'interrupted'} in ${formatDuration(results.method.elapsedSec ?? 0)}; ` +
      `report: ${shown}\n`,
  );
  if (options.json) process.stdout.write(resultsJson(results));
  const exported = writeExports(results, dir, options.exports, process.stderr);
  const gated = applyGates(options.gates, results, config.baseline);
  if (interruptedBy !== null) process.exitCode = EXIT_BY_SIGNAL[interruptedBy] ?? 1;
  else if (gated !== 0) process.exitCode = gated;
  else if (!exported) process.exitCode = EXIT_EXPORT_FAILED;
}

/**
 * --import artillery FILE…: another engine's reports as a results file (and its report, exports and
 * gates) instead of a run. The environment is this machine's, where the import ran; the engine is the
 * one that measured.
 */
async function importRun(options: BenchOptions, argv: readonly string[]): Promise<number> {
  const name = options.name ?? 'remote';
  const imported = readArtilleryReports(
    options.imports.map((i) => i.path),
    name,
  );
  if ('error' in imported) usageError(`--import artillery: ${imported.error}`);
  let baseline: Results | null = null;
  if (options.baseline !== null) {
    const read = readResults(userPath(options.baseline));
    if ('error' in read) usageError(`--baseline: ${read.error}`);
    baseline = read;
  }
  const id = runId();
  const repeats = Math.max(...imported.measurements.map((m) => m.repetitions.length));
  const results: Results = {
    version: RESULTS_VERSION,
    runId: id,
    complete: true,
    environment: collectEnvironment(
      { name: 'artillery', version: imported.version ?? 'unknown' },
      { enabled: false, serverCpus: null, clientCpus: null },
      commandLine(argv, process.env['npm_lifecycle_event'], 'bench/cli/bench.ts'),
      { congestionControl: null, setByRun: false },
    ),
    method: {
      durationSec: imported.durationSec,
      warmupSec: 0,
      repeats,
      maxRepeats: repeats,
      warmup: null,
      seed: null,
      leftOut: [],
      scenarios: [...imported.scenarios],
      sweepConnections: [...SWEEP_CONNECTIONS],
      quick: false,
    },
    implementations: [
      {
        id: name,
        model: 'remote server, measured by Artillery',
        description:
          `A server measured by Artillery from the scripts of npm run bench -- --export artillery, imported from ` +
          `its JSON report${options.imports.length === 1 ? '' : 's'}. Its CPU and memory were not sampled: only ` +
          'what the load tool saw is known.',
        parser: 'runtime',
      },
    ],
    measurements: [...imported.measurements],
  };
  const dir = options.out === null ? join(REPO_ROOT, 'reports', id) : userPath(options.out);
  const written = await writeReport(dir, results, baseline ?? undefined);
  const human = options.json ? process.stderr : process.stdout;
  human.write(
    `${terminalSummary(results)}\n\nimported ${imported.measurements.length} measurement(s); report: ${written.html}\n`,
  );
  if (options.json) process.stdout.write(resultsJson(results));
  const exported = writeExports(results, dir, options.exports, process.stderr);
  const gated = applyGates(options.gates, results, baseline);
  return gated !== 0 ? gated : exported ? 0 : EXIT_EXPORT_FAILED;
}

main().catch(async (e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  await stopAllChildren();
  restoreCongestionControl();
  process.exit(1);
});
