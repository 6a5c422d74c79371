// Artillery's JSON report (`artillery run --output FILE`; artillery.io/docs/reference/reported-metrics)
// turned into measurements of results.json, for the scripts artillery-script.ts writes. The report holds
// an `aggregate` over the whole run: `counters` (http.requests, http.responses, http.codes.NNN,
// http.downloaded_bytes, errors.CODE, and the scripts' own shootout.<point>.right / .wrong_status /
// .wrong_length), and `summaries` (http.response_time: min, max, mean, p50, p90, p99, p999… in ms).
//
// One report is one repetition. Several reports of the same point (the same script run again) are its
// repetitions, in the order given, so a point run three times has a mean with an interval like any other.
// What it cannot say: the server's CPU and memory (not sampled; the measurement is flagged remote), the
// latency of a request that waited for a free connection (Artillery times from the request's start on
// its socket: the open loop is not corrected for coordinated omission), anything finer than 1 ms, and
// the heads' bytes (http.downloaded_bytes counts bodies).
import * as v from 'valibot';
import { isScenarioId, SCENARIO_IDS, type ScenarioId } from '../model/scenarios.ts';
import type { Latency, Measurement, Repetition } from '../model/schema.ts';
import { toMeasurement } from '../results/aggregate.ts';

const counters = v.record(v.string(), v.number());
const SummarySchema = v.object({
  max: v.number(),
  p50: v.number(),
  p90: v.number(),
  p99: v.number(),
  p999: v.number(),
});
/** The fields read; the report has more, which are left alone. */
export const ArtilleryReportSchema = v.object({
  aggregate: v.object({
    counters,
    summaries: v.optional(v.record(v.string(), v.looseObject(SummarySchema.entries))),
    firstCounterAt: v.optional(v.number()),
    lastCounterAt: v.optional(v.number()),
  }),
});
type ArtilleryReport = v.InferOutput<typeof ArtilleryReportSchema>;

/** The point a script measured, read back from its counters' names (artillery-script.ts, pointId). */
export interface ImportedPoint {
  readonly id: string;
  readonly scenario: ScenarioId;
  readonly connections: number;
  readonly rate: number | null;
  readonly durationSec: number;
}

const POINT_ID = /^([a-z]+)\.c(\d+)(?:\.r(\d+))?\.d(\d+(?:_\d)?)$/;

export function parsePointId(id: string): ImportedPoint | null {
  const match = POINT_ID.exec(id);
  if (match === null || !isScenarioId(match[1]!)) return null;
  return {
    id,
    scenario: match[1] as ScenarioId,
    connections: Number(match[2]),
    rate: match[3] === undefined ? null : Number(match[3]),
    durationSec: Number(match[4]!.replace('_', '.')),
  };
}

const CHECKS = ['right', 'wrong_status', 'wrong_length'] as const;

/** The one point the report's check counters name, or why there is none. */
function pointOf(report: ArtilleryReport): ImportedPoint | { error: string } {
  const ids = new Set<string>();
  for (const name of Object.keys(report.aggregate.counters)) {
    const match = /^shootout\.(.+)\.(right|wrong_status|wrong_length)$/.exec(name);
    if (match !== null) ids.add(match[1]!);
  }
  if (ids.size !== 1) {
    return {
      error:
        ids.size === 0
          ? 'no shootout.<point> counters: not a report of a script from --export artillery, or nothing was answered'
          : `counters of several points (${[...ids].join(', ')}): one script per report`,
    };
  }
  const id = [...ids][0]!;
  return parsePointId(id) ?? { error: `"${id}" is no point of an exported script` };
}

/** The Artillery version the scripts' processor counted, or null. */
export function artilleryVersion(report: ArtilleryReport): string | null {
  for (const name of Object.keys(report.aggregate.counters)) {
    const match = /^shootout\.engine\.(.+)$/.exec(name);
    if (match !== null) return match[1]!.replace(/_/g, '.');
  }
  return null;
}

function sumWhere(all: Readonly<Record<string, number>>, keep: (name: string) => boolean): number {
  return Object.entries(all).reduce((total, [name, n]) => (keep(name) ? total + n : total), 0);
}

/** One report as one repetition of its point. */
export function repetitionOf(report: ArtilleryReport, point: ImportedPoint, round: number): Repetition {
  const c = report.aggregate.counters;
  const count = (name: string) => c[name] ?? 0;
  const check = (kind: (typeof CHECKS)[number]) => count(`shootout.${point.id}.${kind}`);
  const time = report.aggregate.summaries?.['http.response_time'];
  const latencyMs: Latency = time
    ? { p50: time.p50, p90: time.p90, p99: time.p99, p999: time.p999, max: time.max }
    : { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  const responses = count('http.responses');
  const timeouts = count('errors.ETIMEDOUT') + count('errors.ESOCKETTIMEDOUT');
  // The window is the script's: its phases send for that long, whatever the reporting periods were.
  const seconds = point.durationSec;
  return {
    requestsPerSec: responses / seconds,
    bytesPerSec: count('http.downloaded_bytes') / seconds,
    perSecond: [],
    latencyMs,
    errors: sumWhere(c, (n) => n.startsWith('errors.')) - timeouts,
    timeouts,
    non2xx: sumWhere(c, (n) => /^http\.codes\.\d+$/.test(n) && !/^http\.codes\.2\d\d$/.test(n)),
    wrongAnswers: check('wrong_status') + check('wrong_length'),
    serverCpuPercent: null,
    serverCpuSeconds: null,
    serverRssPeakBytes: null,
    clientCpuPercent: null,
    harnessCpuPercent: null,
    requests: responses,
    elapsedSec: seconds,
    round,
    sent: count('http.requests'),
    answered: responses,
    lateAnswers: null,
    offered: point.rate === null ? null : point.rate * seconds,
    unsent: null,
    connectTimeouts: null,
    engineLatenessMs: null,
    warmup: null,
  };
}

export interface ImportedRun {
  readonly measurements: readonly Measurement[];
  readonly version: string | null;
  readonly durationSec: number;
  readonly scenarios: readonly ScenarioId[];
}

/** Reports (parsed JSON, with the name to cite in an error) as measurements of the target `name`. */
export function importArtilleryReports(
  reports: readonly { readonly file: string; readonly json: unknown }[],
  name: string,
): ImportedRun | { error: string } {
  const byPoint = new Map<string, { point: ImportedPoint; reps: Repetition[] }>();
  let version: string | null = null;
  for (const { file, json } of reports) {
    const parsed = v.safeParse(ArtilleryReportSchema, json);
    if (!parsed.success)
      return { error: `${file}: not an Artillery JSON report (${parsed.issues[0].message})` };
    const point = pointOf(parsed.output);
    if ('error' in point) return { error: `${file}: ${point.error}` };
    version ??= artilleryVersion(parsed.output);
    const entry = byPoint.get(point.id) ?? { point, reps: [] };
    entry.reps.push(repetitionOf(parsed.output, point, entry.reps.length + 1));
    byPoint.set(point.id, entry);
  }
  const measurements = [...byPoint.values()].map(({ point, reps }) =>
    toMeasurement(
      {
        target: name,
        impl: name,
        runtime: 'remote',
        scenario: point.scenario,
        connections: point.connections,
        durationSec: point.durationSec,
        offeredRate: point.rate,
        offeredShare: null,
        serverCpus: null,
      },
      reps,
      // Artillery's own CPU is not known here: it never reads as client-bound from its load.
      { flags: ['remote'], clientCapacityCores: 1 },
    ),
  );
  const scenarios = [...new Set(measurements.map((m) => m.scenario))];
  return {
    measurements,
    version,
    durationSec: Math.max(...measurements.map((m) => m.durationSec)),
    scenarios: SCENARIO_IDS.filter((id) => scenarios.includes(id)),
  };
}
