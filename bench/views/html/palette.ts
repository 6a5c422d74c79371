// Colours: a hue per concurrency model, a shade per implementation within it, and a line style per
// runtime (solid node, dashed bun, dotted deno), so a reader learns them once and every target keeps
// its look across the report. Mid-tone colours, at least 3:1 against the light background, that also
// read on the dark one; a separate set for scenarios in the grouped charts.
import { IMPLEMENTATIONS, type ModelGroup } from '../../../servers/registry.ts';
import type { TargetInfo } from '../targets.ts';

export const MODEL_SHADES: Readonly<Record<ModelGroup, readonly string[]>> = {
  sequential: ['#3e9a45', '#5b8c2a', '#2f7d5b'],
  'event-loop': ['#3b6fc4', '#2a8fc8', '#13979a'],
  'worker-pool': ['#9a55c4', '#8d5fc0', '#b0589e'],
  'multi-process': ['#a87a12', '#95802a', '#b56f2c'],
  'runtime-server': ['#d9453f', '#cf6a1c', '#c2417d'],
};
/** An implementation the registry does not know (a --url target): the old per-target set. */
export const OTHER_COLORS = ['#9c755f', '#8c8c2e', '#4f8f8a', '#c2667a'];
/** References (nginx, the lesson's server) are greys: context, not contenders. */
export const REFERENCE_COLORS = ['#6f6f6f', '#858585'];
const REFERENCE_COLOR = REFERENCE_COLORS[0]!;

/** The line style of a target's runtime: node solid, bun dashed, deno dotted; references solid. */
export function dashOf(target: string): number[] {
  if (target.endsWith('@bun')) return [7, 4];
  if (target.endsWith('@deno')) return [2, 3];
  return [];
}

export const SCENARIO_COLORS: Record<string, string> = {
  small: '#4e79a7',
  close: '#f28e2b',
  large: '#59a14f',
  missing: '#b07aa1',
  stalled: '#e15759',
  sweep: '#13979a',
};

export const GOOD = '#3d9a50';
export const BAD = '#d9534f';
export const NEUTRAL = '#8c8c8c';

export type ColorMap = ReadonlyMap<string, string>;

export function targetColors(targets: readonly TargetInfo[]): ColorMap {
  const map = new Map<string, string>();
  let references = 0;
  let others = 0;
  for (const t of targets) {
    const impl = IMPLEMENTATIONS.find((i) => i.id === t.impl);
    if (t.reference) map.set(t.name, REFERENCE_COLORS[references++ % REFERENCE_COLORS.length]!);
    else if (impl === undefined) map.set(t.name, OTHER_COLORS[others++ % OTHER_COLORS.length]!);
    else {
      // The implementation's place among those of its model picks the shade.
      const siblings = IMPLEMENTATIONS.filter((i) => i.group === impl.group);
      const shades = MODEL_SHADES[impl.group]!;
      map.set(t.name, shades[siblings.indexOf(impl) % shades.length]!);
    }
  }
  return map;
}

export function colorOf(colors: ColorMap, target: string): string {
  return colors.get(target) ?? REFERENCE_COLOR;
}
