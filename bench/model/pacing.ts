// Why a pacing congestion control (BBR) is worth a warning beside the figures: it paces every connection,
// loopback ones included, so answers of many segments leave at its pace, which follows how the client
// reads. Single-segment answers do not change. Measured figures: docs/performance.md.
import { SCENARIOS, type ScenarioId } from './scenarios.ts';

/** Does this congestion control pace its connections, loopback ones included? (BBR, in every version.) */
export function pacesLoopback(name: string | null): boolean {
  return name?.startsWith('bbr') === true;
}

/** The scenarios whose figures the pacing holds back: those ranked by bytes/s, answers of many segments. */
export function pacedScenarios(scenarios: readonly ScenarioId[]): ScenarioId[] {
  return scenarios.filter((id) => SCENARIOS[id].rankedBy === 'bytes');
}

export function pacingText(cc: string, scenarios: readonly ScenarioId[]): string {
  return (
    `The TCP congestion control, ${cc}, paces every connection, loopback ones too: answers of many ` +
    `segments (${pacedScenarios(scenarios).join(', ')}) leave at its pace, which follows how the client reads, so those figures ` +
    'measure the pacing as much as the servers. --tcp-congestion cubic sets another for a run (root).'
  );
}

/** The pacing note for a run, or null when its connections were not paced or it measured no big answer. */
export function pacingNote(cc: string | null, scenarios: readonly ScenarioId[]): string | null {
  if (!pacesLoopback(cc) || pacedScenarios(scenarios).length === 0) return null;
  return pacingText(cc!, scenarios);
}
