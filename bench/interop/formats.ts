// The formats a run's results can be written in for other tools, as data: `--export FORMAT PATH` on bench
// and report reads this list (artillery, which writes the scenarios rather than results, is bench's own).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Results } from '../model/schema.ts';
import { writeFileAtomic } from '../results/results-file.ts';
import { bencherMetrics } from './bencher.ts';
import { biggerIsBetter, smallerIsBetter } from './github-action-benchmark.ts';
import { copyHistogramLogs } from './hdrhistogram.ts';

export interface ResultsFormat {
  readonly name: string;
  /** For --help: what it is and who reads it. */
  readonly summary: string;
  /** Writes the results at `path` (a file, or a folder for hdrhistogram); the paths written, or why not. */
  write(results: Results, resultsDir: string, path: string): string[] | { error: string };
}

function writeJson(path: string, value: unknown): string[] {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
  return [path];
}

/** A tracker refuses an empty file: say why there is nothing rather than write one. */
const NOTHING = { error: 'no measurement is a result: nothing to export' } as const;

function entries(list: readonly unknown[], path: string): string[] | { error: string } {
  return list.length === 0 ? NOTHING : writeJson(path, list);
}

export const RESULTS_FORMATS = [
  {
    name: 'customBiggerIsBetter',
    summary: "github-action-benchmark: each point's req/s (B/s for large)",
    write: (results, _dir, path) => entries(biggerIsBetter(results), path),
  },
  {
    name: 'customSmallerIsBetter',
    summary: "github-action-benchmark: each point's p50 and p99, ms",
    write: (results, _dir, path) => entries(smallerIsBetter(results), path),
  },
  {
    name: 'bencher',
    summary: 'Bencher Metric Format: throughput, latency, their intervals',
    write: (results, _dir, path) => {
      const metrics = bencherMetrics(results);
      return Object.keys(metrics).length === 0 ? NOTHING : writeJson(path, metrics);
    },
  },
  {
    name: 'hdrhistogram',
    summary: "DIR: every measurement's HdrHistogram log",
    write: (_results, dir, path) => copyHistogramLogs(dir, path),
  },
] as const satisfies readonly ResultsFormat[];

export const RESULTS_FORMAT_NAMES: readonly string[] = RESULTS_FORMATS.map((f) => f.name);

export function findResultsFormat(name: string): ResultsFormat | null {
  return RESULTS_FORMATS.find((f) => f.name === name) ?? null;
}
