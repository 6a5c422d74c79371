// The HdrHistogram logs a run writes beside results.json (histograms/, one per measurement, in the format
// of HdrHistogram's HistogramLogWriter), copied where a CI step picks them up. Only engines that send
// histograms have them (loadgen, autocannon; not wrk).
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Copies every .hlog of `resultsDir/histograms` into `to`; the files copied, or why there are none. */
export function copyHistogramLogs(resultsDir: string, to: string): string[] | { error: string } {
  const from = join(resultsDir, 'histograms');
  const logs = existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.hlog')) : [];
  if (logs.length === 0) {
    return { error: `no HdrHistogram logs in ${from} (the engine sent no histograms, or none was written)` };
  }
  mkdirSync(to, { recursive: true });
  for (const log of logs) copyFileSync(join(from, log), join(to, log));
  return logs.map((log) => join(to, log));
}
