// The sample results file the report tests render, read through the same validation as every reader.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../../../bench/model/schema.ts';
import { validateResults } from '../../../../bench/results/earlier-versions.ts';

export const SAMPLE_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'fixtures',
  'results-sample.json',
);

export function loadSample(): Results {
  const checked = validateResults(JSON.parse(readFileSync(SAMPLE_PATH, 'utf8')));
  if ('error' in checked) throw new Error(`${SAMPLE_PATH}: ${checked.error}`);
  return checked;
}

/** A copy of the sample with every measurement of one target renamed (hostile names, for the escaping tests). */
export function renameTarget(results: Results, from: string, to: string): Results {
  return {
    ...results,
    measurements: results.measurements.map((m) => (m.target === from ? { ...m, target: to } : m)),
  };
}
