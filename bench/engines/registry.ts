// The load engines as data, in the manner of k6's executors: one entry per engine says how to find its
// program, what it can measure and how to start it. The CLI, the planner, the help text and the
// cannot-measure reasons all read this list; nothing else branches on an engine's name.
import { autocannonEngine } from './autocannon.ts';
import { loadgenEngine } from './loadgen.ts';
import type { LoadEngine, LoadSpec } from './types.ts';
import { wrkEngine } from './wrk.ts';

/** What a run may ask that not every engine can do. */
export type Ability = 'openLoop' | 'idleConnections' | 'answersEndedByClose';

export interface EngineStart {
  /** taskset CPU list for the engine, or null when not pinning. */
  readonly clientCpus: string | null;
  /** Cores the engine may use. */
  readonly clientCores: number;
  /** What locate() found. */
  readonly binary: string | null;
  /** Engine processes (loadgen: one per client core by default); null for the engine's default. */
  readonly processes?: number | null;
}

export interface EngineDefinition {
  readonly name: string;
  /** For --help: what it is, in a few words. */
  readonly summary: string;
  /** Its program (null: it needs nothing beyond npm ci), or why it cannot run here, in one line. */
  locate(): { readonly binary: string | null } | { readonly error: string };
  /** Its windows last whole seconds (wrk's -d has no finer unit): the planner rounds them up. */
  readonly wholeSecondWindows: boolean;
  /** Why it cannot do each ability it lacks; an ability not listed is one it has. */
  readonly lacks: Partial<Readonly<Record<Ability, string>>>;
  start(how: EngineStart): Promise<LoadEngine>;
}

export const ENGINES = [
  loadgenEngine,
  wrkEngine,
  autocannonEngine,
] as const satisfies readonly EngineDefinition[];

export type EngineName = (typeof ENGINES)[number]['name'];

export const DEFAULT_ENGINE: EngineName = 'loadgen';

export const ENGINE_NAMES: readonly EngineName[] = ENGINES.map((e) => e.name);

export function findEngine(name: string): EngineDefinition | { error: string } {
  const found = ENGINES.find((e) => e.name === name);
  return found ?? { error: `--engine must be one of ${ENGINE_NAMES.join(', ')}, got "${name}"` };
}

/** The abilities a window of load needs. */
export function abilitiesNeeded(spec: LoadSpec): Ability[] {
  const needed: Ability[] = [];
  if (spec.rate !== null) needed.push('openLoop');
  if (spec.idleConnections > 0) needed.push('idleConnections');
  if (spec.expect.framing === 'close') needed.push('answersEndedByClose');
  return needed;
}

/** Why `engine` cannot make this window, from what it lacks; null when it can. */
export function lackFor(engine: Pick<EngineDefinition, 'lacks'>, spec: LoadSpec): string | null {
  for (const ability of abilitiesNeeded(spec)) {
    const why = engine.lacks[ability];
    if (why !== undefined) return why;
  }
  return null;
}

/** Starts an engine; what it lacks is part of what it cannot measure. */
export async function startEngine(definition: EngineDefinition, how: EngineStart): Promise<LoadEngine> {
  const engine = await definition.start(how);
  return {
    ...engine,
    cannotMeasure: (spec) => lackFor(definition, spec) ?? engine.cannotMeasure(spec),
  };
}
