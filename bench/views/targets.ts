// Every target of a run in one stable order, so a target keeps its row and its colour across every view.
import type { Results } from '../model/schema.ts';

export interface TargetInfo {
  readonly name: string;
  readonly impl: string;
  readonly runtime: string;
  readonly reference: boolean;
  readonly remote: boolean;
}

const RUNTIME_ORDER = ['node', 'bun', 'deno'];

/** Implementations as the results list them, runtimes node, bun, deno, then references and remote targets. */
export function targetsOf(results: Results): TargetInfo[] {
  const byName = new Map<string, TargetInfo>();
  for (const m of results.measurements) {
    if (byName.has(m.target)) continue;
    byName.set(m.target, {
      name: m.target,
      impl: m.impl,
      runtime: m.runtime,
      reference: m.flags.includes('reference'),
      remote: m.flags.includes('remote'),
    });
  }
  const implIndex = (t: TargetInfo) => {
    const i = results.implementations.findIndex((impl) => impl.id === t.impl);
    return i === -1 ? results.implementations.length : i;
  };
  const runtimeIndex = (t: TargetInfo) => {
    const i = RUNTIME_ORDER.indexOf(t.runtime);
    return i === -1 ? RUNTIME_ORDER.length : i;
  };
  const group = (t: TargetInfo) => (t.remote ? 2 : t.reference ? 1 : 0);
  return [...byName.values()].sort(
    (a, b) =>
      group(a) - group(b) ||
      implIndex(a) - implIndex(b) ||
      runtimeIndex(a) - runtimeIndex(b) ||
      a.name.localeCompare(b.name),
  );
}
