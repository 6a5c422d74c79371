// What bench, report and compare do besides measuring and drawing: write the files other tools read
// (--export), turn another engine's reports into a results file (--import), and hold the figures to the
// gates (--gate, --gates), whose failure is the exit status EXIT_GATE_FAILED.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ROOT } from '../../servers/launch.ts';
import { importArtilleryReports } from '../interop/artillery-report.ts';
import { type ArtilleryPoint, DEFAULT_ORIGIN, writeArtilleryScripts } from '../interop/artillery-script.ts';
import { findResultsFormat } from '../interop/formats.ts';
import type { Scenario } from '../model/scenarios.ts';
import type { Results } from '../model/schema.ts';
import type { FormatAndPath } from '../plan/options.ts';
import { type Plan, planScenarios, pointsOf, requestTimeoutMs } from '../plan/plan.ts';
import { userPath } from '../plan/resolve.ts';
import { checkGates, EXIT_GATE_FAILED, type Gate, gateReport } from '../results/gates.ts';

/** Writes every results export; one line per export on `out`. False when one could not be written. */
export function writeExports(
  results: Results,
  resultsDir: string,
  exports: readonly FormatAndPath[],
  out: NodeJS.WritableStream,
): boolean {
  let ok = true;
  for (const { format, path } of exports) {
    const written = findResultsFormat(format)!.write(results, resultsDir, userPath(path));
    if ('error' in written) {
      out.write(`export ${format}: ${written.error}\n`);
      ok = false;
    } else {
      out.write(
        `export ${format}: ${written.length === 1 ? written[0] : `${written.length} files in ${userPath(path)}`}\n`,
      );
    }
  }
  return ok;
}

/** The gates' lines on stderr; the exit status they call for (0 when every one passed). */
export function applyGates(gates: readonly Gate[], results: Results, baseline: Results | null): number {
  if (gates.length === 0) return 0;
  const outcome = checkGates(gates, results, baseline);
  process.stderr.write(gateReport(outcome, gates.length));
  return outcome.failures.length === 0 ? 0 : EXIT_GATE_FAILED;
}

/** Why a scenario cannot be an Artillery script of the same load, or null when it can. */
function notScriptable(scenario: Scenario, rates: readonly number[] | null): string | null {
  if (scenario.slowClients !== null) return 'its slow clients run beside the load';
  if (scenario.idleConnections > 0) return 'its idle connections are held beside the load';
  if (scenario.downloads !== null) return 'its downloads are checked by sha256, not by a load engine';
  if (scenario.generatedFile !== null) return 'its file is generated for each run';
  if (scenario.points.kind === 'rates' && rates === null)
    return "its rates are shares of each target's own throughput: give --rates";
  return null;
}

/** The body's size and whether it is ASCII (its length as text is then its length in bytes). */
function bodyOf(scenario: Scenario): ArtilleryPoint['expect'] {
  if (scenario.file === null) return { status: scenario.expectStatus, bodyBytes: null, bodyIsText: false };
  const path = join(DEFAULT_ROOT, scenario.file);
  const bytes = readFileSync(path);
  return {
    status: scenario.expectStatus,
    bodyBytes: statSync(path).size,
    bodyIsText: bytes.every((b) => b < 0x80),
  };
}

/** The plan's points as Artillery scripts in `dir`; a line per script and per scenario left out. */
export function exportArtillery(
  plan: Plan,
  options: { connections: number | null; rates: readonly number[] | null; url: string | null },
  dir: string,
  out: NodeJS.WritableStream,
): void {
  const points: ArtilleryPoint[] = [];
  for (const scenario of planScenarios(plan)) {
    const why = notScriptable(scenario, options.rates);
    if (why !== null) {
      out.write(`artillery: ${scenario.id} left out: ${why}\n`);
      continue;
    }
    for (const point of pointsOf(scenario, options.connections, options.rates)) {
      points.push({
        scenario: scenario.id,
        path: scenario.path,
        connections: point.connections,
        closeEachRequest: scenario.closeEachRequest,
        durationSec: plan.timing.durationSec,
        rate: point.rate !== null && 'perSec' in point.rate ? point.rate.perSec : null,
        timeoutSec: requestTimeoutMs(plan.timing.durationSec) / 1000,
        expect: bodyOf(scenario),
      });
    }
  }
  const written = writeArtilleryScripts(dir, points, options.url ?? DEFAULT_ORIGIN);
  for (const file of written) out.write(`artillery: ${file}\n`);
}

/** Artillery reports as the measurements of one results file's worth, or the first problem. */
export function readArtilleryReports(
  files: readonly string[],
  name: string,
): ReturnType<typeof importArtilleryReports> {
  const reports: { file: string; json: unknown }[] = [];
  for (const file of files) {
    try {
      reports.push({ file, json: JSON.parse(readFileSync(userPath(file), 'utf8')) });
    } catch (e) {
      return { error: `cannot read ${file}: ${(e as Error).message}` };
    }
  }
  return importArtilleryReports(reports, name);
}
