// Gates: thresholds that turn a run's figures into the exit code, in the manner of k6's thresholds. A gate
// is one line, `[TARGET:]SCENARIO.FIGURE OP LIMIT`, given with --gate or in a file of them (--gates):
//
//   small.p99 < 5ms                     every target's p99 in small
//   async@node:small.requestsPerSec > 40000
//   large.bytesPerSec > 2GiB            bytes per second; KB, MB, GB (1000) or KiB, MiB, GiB (1024)
//   *.change > -5%                      no target slower than the baseline by more than 5 %, where the
//                                       change is significant (compare's Welch test)
//
// What a gate reads, decided once here: a throughput gate reads the pessimistic end of the figure's 95 %
// interval (the low end for `>`, the high end for `<`), so a noisy figure cannot pass by luck and a pass
// says the run shows the limit is met; with one repetition there is no interval and the mean stands. A
// latency gate reads the percentile of every request of every repetition (the merged histograms): it is
// no mean and has no interval. A relative gate fails only where the change is significant, as compare
// decides it (from the per-round ratios to nginx where both runs have them).
//
// A gate needs a result: a figure that is not a result (wrong answers, errors, a server that died) fails it
// with the reason, and so does a scenario the run did not measure; nothing passes because it was not
// looked at. A client-bound figure (the load generator's limit) is a lower bound of the server's
// throughput: the server served at least that much. So it passes a floor on throughput (`>`, `>=`) that
// its low end already clears, and fails every other gate as not measured: a latency taken while the client
// was the limit is partly the client's. A relative gate is decided on ratios measured side by side with
// nginx where both runs have them (windows the load generators limited are left out of those), so a
// client-bound figure does not void it there.
import { isMeasured, pointLabel, rankedBy, standingOf } from '../model/figures.ts';
import { isScenarioId, SCENARIO_IDS, type ScenarioId } from '../model/scenarios.ts';
import type { Measurement, Results } from '../model/schema.ts';
import { ALPHA, compareMeasurements } from './compare.ts';

export const LATENCY_FIGURES = ['p50', 'p90', 'p99', 'p999', 'max'] as const;
export const GATE_FIGURES = ['requestsPerSec', 'bytesPerSec', ...LATENCY_FIGURES, 'change'] as const;
export type GateFigure = (typeof GATE_FIGURES)[number];
type LatencyFigure = (typeof LATENCY_FIGURES)[number];
export type Operator = '<' | '<=' | '>' | '>=';

export interface Gate {
  /** The line as written, for the failure line. */
  readonly source: string;
  /** A target's name (async@node) or an implementation's (async); null: every target but the references. */
  readonly target: string | null;
  /** null: every scenario (`*`). */
  readonly scenario: ScenarioId | null;
  readonly figure: GateFigure;
  readonly op: Operator;
  /** In the figure's base unit: req/s, B/s, ms, or a fraction for a change (-0.05). */
  readonly limit: number;
}

/** The exit status of a run whose figures are fine but a gate failed: apart from 1 (a crash) and 2 (usage). */
export const EXIT_GATE_FAILED = 3;

const BYTE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};
const TIME_UNITS: Readonly<Record<string, number>> = { us: 0.001, µs: 0.001, ms: 1, s: 1000 };

/** The limit in the figure's base unit, or why the unit does not fit the figure. */
function limitIn(figure: GateFigure, value: number, unit: string): number | { error: string } {
  const u = unit.toLowerCase().replace(/\/s$/, '');
  if (figure === 'change') {
    return u === '%' ? value / 100 : { error: 'a change is a percentage, like -5%' };
  }
  if (figure === 'requestsPerSec') {
    return u === '' || u === 'req' ? value : { error: `requestsPerSec takes a plain number, got "${unit}"` };
  }
  if (figure === 'bytesPerSec') {
    const factor = BYTE_UNITS[u === '' ? 'b' : u];
    return factor === undefined
      ? { error: `bytesPerSec takes B, KB, MB, GB, KiB, MiB or GiB, got "${unit}"` }
      : value * factor;
  }
  // Latency: milliseconds unless told, as k6's are.
  const factor = TIME_UNITS[u === '' ? 'ms' : u];
  return factor === undefined ? { error: `${figure} takes us, ms or s, got "${unit}"` } : value * factor;
}

const GATE_LINE = /^(?:(\S+):)?([\w*]+)\.(\w+)\s*(<=|>=|<|>)\s*([+-]?\d+(?:\.\d+)?)\s*([a-zA-Zµ%/]*)$/;

/** One gate from its line, or a one-line error naming what is wrong with it. */
export function parseGate(line: string): Gate | { error: string } {
  const source = line.trim();
  const match = GATE_LINE.exec(source);
  if (match === null) {
    return { error: `gate "${source}" is not [TARGET:]SCENARIO.FIGURE OP LIMIT, like small.p99 < 5ms` };
  }
  const [, target, scenario, figure, op, number, unit] = match as unknown as [
    string,
    string | undefined,
    string,
    string,
    Operator,
    string,
    string,
  ];
  if (scenario !== '*' && !isScenarioId(scenario)) {
    return {
      error: `gate "${source}": unknown scenario "${scenario}"; valid: *, ${SCENARIO_IDS.join(', ')}`,
    };
  }
  if (!(GATE_FIGURES as readonly string[]).includes(figure)) {
    return { error: `gate "${source}": unknown figure "${figure}"; valid: ${GATE_FIGURES.join(', ')}` };
  }
  const limit = limitIn(figure as GateFigure, Number(number), unit);
  if (typeof limit !== 'number') return { error: `gate "${source}": ${limit.error}` };
  return {
    source,
    target: target ?? null,
    scenario: scenario === '*' ? null : scenario,
    figure: figure as GateFigure,
    op,
    limit,
  };
}

/** A file of gates, one a line; `#` starts a comment. Errors name the file and the line. */
export function parseGateFile(text: string, name: string): Gate[] | { error: string } {
  const gates: Gate[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const gate = parseGate(line);
    if ('error' in gate) return { error: `${name}:${i + 1}: ${gate.error}` };
    gates.push(gate);
  }
  return gates;
}

export function needsBaseline(gates: readonly Gate[]): boolean {
  return gates.some((g) => g.figure === 'change');
}

export interface GateFailure {
  readonly gate: Gate;
  readonly target: string;
  /** The scenario and, where it has several points, which one: "sweep at 64 connections". */
  readonly point: string;
  /** The value read, in words ("7.12 ms"), or "not measured". */
  readonly value: string;
  /** How it was read, or why there is nothing to read. */
  readonly why: string;
}

export interface GateOutcome {
  /** Gate × measurement pairs looked at. */
  readonly checked: number;
  readonly failures: readonly GateFailure[];
}

function holds(value: number, op: Operator, limit: number): boolean {
  if (op === '<') return value < limit;
  if (op === '<=') return value <= limit;
  if (op === '>') return value > limit;
  return value >= limit;
}

const above = (op: Operator) => op === '>' || op === '>=';

function round3(n: number): string {
  return Number(n.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** A value in the figure's unit, for the failure line. */
export function formatGateValue(figure: GateFigure, value: number): string {
  if (figure === 'change') return `${value >= 0 ? '+' : ''}${round3(value * 100)} %`;
  if (figure === 'requestsPerSec') return `${Math.round(value).toLocaleString('en-US')} req/s`;
  if (figure === 'bytesPerSec') {
    const [unit, factor] =
      value >= 1024 ** 3 ? ['GiB', 1024 ** 3] : value >= 1024 ** 2 ? ['MiB', 1024 ** 2] : ['KiB', 1024];
    return `${round3(value / (factor as number))} ${unit}/s`;
  }
  return value >= 1 ? `${round3(value)} ms` : `${round3(value * 1000)} µs`;
}

export function limitText(gate: Gate): string {
  return `${gate.op} ${formatGateValue(gate.figure, gate.limit)}`;
}

function selected(gate: Gate, m: Measurement): boolean {
  if (gate.scenario !== null && m.scenario !== gate.scenario) return false;
  // "Every target" means the project's servers: nginx and the lesson's server are there to compare with.
  if (gate.target === null) return !m.flags.includes('reference');
  return m.target === gate.target || m.impl === gate.target;
}

/** Why a measurement's figure is no measurement of the server, or null when it is one. */
function notMeasured(m: Measurement): string | null {
  const standing = standingOf(m);
  if (standing === 'result') return null;
  if (standing === 'lower-bound') {
    return 'client-bound: the load generator was the limit, so the figure is not the server’s';
  }
  const voiding = m.flags.filter((f) => f !== 'client-bound' && f !== 'unstable' && f !== 'reference');
  return m.repetitions.length === 0
    ? 'not a result: no repetition ran'
    : `not a result (${voiding.join(', ')})`;
}

const samePoint = (a: Measurement, b: Measurement) =>
  a.target === b.target &&
  a.scenario === b.scenario &&
  a.connections === b.connections &&
  a.offeredShare === b.offeredShare &&
  a.offeredRate === b.offeredRate;

/** A floor on throughput, the one gate a lower bound can pass. */
const isThroughputFloor = (gate: Gate) =>
  (gate.figure === 'requestsPerSec' || gate.figure === 'bytesPerSec') && above(gate.op);

/** An absolute gate on one measurement: null when it holds, the failure otherwise. */
function checkAbsolute(gate: Gate, m: Measurement): Omit<GateFailure, 'gate' | 'target' | 'point'> | null {
  const unmeasured = notMeasured(m);
  const bound = standingOf(m) === 'lower-bound' && isThroughputFloor(gate);
  if (unmeasured !== null && !bound) return { value: 'not measured', why: unmeasured };
  if ((LATENCY_FIGURES as readonly string[]).includes(gate.figure)) {
    const value = m.latencyMs[gate.figure as LatencyFigure];
    if (holds(value, gate.op, gate.limit)) return null;
    return {
      value: formatGateValue(gate.figure, value),
      why:
        m.latencySource === 'merged histograms'
          ? 'every request of every repetition'
          : 'median of the repetitions',
    };
  }
  const summary = gate.figure === 'bytesPerSec' ? m.bytesPerSec : m.requestsPerSec;
  const end = summary.ci === null ? null : above(gate.op) ? summary.ci.low : summary.ci.high;
  const value = end ?? summary.mean;
  if (holds(value, gate.op, gate.limit)) return null;
  // Below the floor, a lower bound says nothing: the server may be faster than the client let it show.
  if (unmeasured !== null) return { value: 'not measured', why: unmeasured };
  return {
    value: formatGateValue(gate.figure, value),
    why:
      end === null
        ? 'the mean: one repetition, no interval'
        : `${above(gate.op) ? 'low' : 'high'} end of the 95 % interval, mean ${formatGateValue(gate.figure, summary.mean)}`,
  };
}

/** A relative gate: the change of the ranked figure against the baseline, failing only where significant. */
function checkChange(
  gate: Gate,
  m: Measurement,
  baseline: Results,
  results: Results,
): Omit<GateFailure, 'gate' | 'target' | 'point'> | null {
  const base = baseline.measurements.find((b) => samePoint(b, m));
  // A target or point the baseline never measured has nothing to be slower than.
  if (base === undefined) return null;
  const sideBySide = m.vsReference?.how === 'side by side' && base.vsReference?.how === 'side by side';
  const unmeasured = notMeasured(m);
  if (unmeasured !== null && !(sideBySide && isMeasured(m)))
    return { value: 'not measured', why: unmeasured };
  const baseUnmeasured = notMeasured(base);
  if (baseUnmeasured !== null && !(sideBySide && isMeasured(base)))
    return { value: 'not compared', why: `the baseline's figure: ${baseUnmeasured}` };
  const row = compareMeasurements(base, m, Math.abs(gate.limit), ALPHA, {
    base: baseline.measurements,
    next: results.measurements,
  });
  const change = row.by === 'ratio to the reference' ? row.ratioChange : row.change;
  if (change === null || row.pValue === null || row.pValue >= ALPHA) return null;
  if (holds(change, gate.op, gate.limit)) return null;
  const unit = rankedBy(m) === 'bytes' ? 'bytesPerSec' : 'requestsPerSec';
  return {
    value: formatGateValue('change', change),
    why: `${unit}, significant (p = ${row.pValue.toPrecision(2)}, n = ${row.n[0]} and ${row.n[1]}), by the ${row.by}`,
  };
}

/** Every gate against the run's measurements (and the baseline, for relative gates). */
export function checkGates(
  gates: readonly Gate[],
  results: Results,
  baseline: Results | null = null,
): GateOutcome {
  const failures: GateFailure[] = [];
  let checked = 0;
  for (const gate of gates) {
    const chosen = results.measurements.filter((m) => selected(gate, m));
    if (chosen.length === 0) {
      failures.push({
        gate,
        target: gate.target ?? 'every target',
        point: gate.scenario ?? 'any scenario',
        value: 'not measured',
        why: 'this run has no measurement the gate applies to',
      });
      continue;
    }
    for (const m of chosen) {
      checked++;
      let failure: Omit<GateFailure, 'gate' | 'target' | 'point'> | null;
      if (gate.figure !== 'change') failure = checkAbsolute(gate, m);
      else if (baseline === null) failure = { value: 'not compared', why: 'no baseline was given' };
      else failure = checkChange(gate, m, baseline, results);
      if (failure !== null) failures.push({ gate, target: m.target, point: pointLabel(m), ...failure });
    }
  }
  return { checked, failures };
}

/** One line per failure: target, scenario, figure, value, limit, and how the value was read. */
export function failureLine(f: GateFailure): string {
  return `gate failed: ${f.target}, ${f.point}, ${f.gate.figure} ${f.value} (${f.why}), limit ${limitText(f.gate)}   [${f.gate.source}]`;
}

/** The lines a command prints after its gates: the failures, then one line that counts them. */
export function gateReport(outcome: GateOutcome, gates: number): string {
  const lines = outcome.failures.map(failureLine);
  lines.push(
    outcome.failures.length === 0
      ? `gates: all ${gates} passed (${outcome.checked} figures checked)`
      : `gates: ${outcome.failures.length} failed of ${outcome.checked} figures checked by ${gates} gate${gates === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}
