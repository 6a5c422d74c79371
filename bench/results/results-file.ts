// Reading and writing results files: validated on the way in, written atomically on the way out.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Results } from '../model/schema.ts';
import { validateResults } from './earlier-versions.ts';

export function readResults(path: string): Results | { error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `${path} is not JSON: ${(e as Error).message}` };
  }
  const checked = validateResults(value);
  return 'error' in checked ? { error: `${path}: ${checked.error}` } : checked;
}

/** Write to a temporary file in the same folder, then rename: a reader never sees half a file. */
export function writeFileAtomic(path: string, contents: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

export function resultsJson(results: Results): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
