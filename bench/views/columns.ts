// The columns every view lays a run out in: each ranked scenario, a curve of connection counts one column
// per count. Curves of rates and paced downloads are no columns: they are read as a whole.
import { isRanked, SCENARIO_IDS, SCENARIOS, type ScenarioId } from '../model/scenarios.ts';
import type { Measurement, Results } from '../model/schema.ts';

export interface Column {
  readonly key: string;
  readonly scenario: ScenarioId;
  /** Connection count for a column of a connections curve (the sweep); null for a scenario's own. */
  readonly sweepConnections: number | null;
  /** The servers' CPUs for a column of the cores scenario; null elsewhere. */
  readonly serverCpus: number | null;
  /** Short: "small", "sweep ×64". */
  readonly label: string;
  /** Long: "small", "sweep, 64 connections". */
  readonly title: string;
}

const isCurve = (m: Pick<Measurement, 'scenario'>) => SCENARIOS[m.scenario].points.kind === 'connections';
const isCpus = (m: Pick<Measurement, 'scenario'>) => SCENARIOS[m.scenario].points.kind === 'cpus';

export function columnKey(
  m: Pick<Measurement, 'scenario' | 'connections'> & { serverCpus?: number | null },
): string {
  if (isCpus(m)) return `${m.scenario}-${m.serverCpus ?? 0}cpu`;
  return isCurve(m) ? `${m.scenario}-${m.connections}` : m.scenario;
}

/** The columns that have at least one measurement, in SCENARIO_IDS order, a curve's by connection count. */
export function columnsOf(results: Results): Column[] {
  const columns = new Map<string, Column>();
  for (const m of results.measurements) {
    if (!isRanked(SCENARIOS[m.scenario])) continue;
    const key = columnKey(m);
    if (columns.has(key)) continue;
    const count = isCurve(m) ? m.connections : null;
    const cpus = isCpus(m) ? (m.serverCpus ?? 0) : null;
    columns.set(key, {
      key,
      scenario: m.scenario,
      sweepConnections: count,
      serverCpus: cpus,
      label:
        cpus !== null
          ? `${m.scenario} ${cpus} CPU${cpus === 1 ? '' : 's'}`
          : count === null
            ? m.scenario
            : `${m.scenario} ×${count}`,
      title:
        cpus !== null
          ? `${m.scenario}, ${cpus} server CPU${cpus === 1 ? '' : 's'}`
          : count === null
            ? m.scenario
            : `${m.scenario}, ${count} connection${count === 1 ? '' : 's'}`,
    });
  }
  const order = (c: Column) =>
    SCENARIO_IDS.indexOf(c.scenario) * 1e6 + (c.sweepConnections ?? c.serverCpus ?? 0);
  return [...columns.values()].sort((a, b) => order(a) - order(b));
}

export function measurementsIn(results: Results, column: Column): Measurement[] {
  return results.measurements.filter((m) => columnKey(m) === column.key);
}

/** The connection counts of the curves, for the sweep's own section. */
export function curveCounts(results: Results): number[] {
  return [...new Set(results.measurements.filter(isCurve).map((m) => m.connections))].sort((a, b) => a - b);
}

export function curveMeasurements(results: Results): Measurement[] {
  return results.measurements.filter(isCurve);
}

/** The CPU counts of the cores scenario in a run, fewest first. */
export function cpuCountsOf(results: Results): number[] {
  return [...new Set(results.measurements.filter(isCpus).map((m) => m.serverCpus ?? 0))].sort(
    (a, b) => a - b,
  );
}
