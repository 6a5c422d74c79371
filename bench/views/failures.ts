// Targets that failed to start, failed the preflight or died, grouped by target, with their stderr.
import { FAILURE_FLAGS, type Flag } from '../model/flags.ts';
import type { Results } from '../model/schema.ts';
import { columnKey } from './columns.ts';

export interface Failure {
  readonly target: string;
  readonly flags: readonly Flag[];
  /** Column keys (scenarios) the failure happened in. */
  readonly columns: readonly string[];
  /** Distinct stderr tails, in the order first seen. */
  readonly stderr: readonly string[];
}

export function failuresOf(results: Results): Failure[] {
  const byTarget = new Map<string, { flags: Set<Flag>; columns: Set<string>; stderr: string[] }>();
  for (const m of results.measurements) {
    const flags = m.flags.filter((f) => FAILURE_FLAGS.includes(f));
    if (flags.length === 0) continue;
    let entry = byTarget.get(m.target);
    if (!entry) {
      entry = { flags: new Set(), columns: new Set(), stderr: [] };
      byTarget.set(m.target, entry);
    }
    for (const f of flags) entry.flags.add(f);
    entry.columns.add(columnKey(m));
    const tail = m.stderr?.trimEnd();
    if (tail && !entry.stderr.includes(tail)) entry.stderr.push(tail);
  }
  return [...byTarget.entries()].map(([target, e]) => ({
    target,
    flags: [...e.flags],
    columns: [...e.columns],
    stderr: e.stderr,
  }));
}
