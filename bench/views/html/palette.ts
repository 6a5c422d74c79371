// Colours: one per target, stable across every chart so a reader learns them once; a separate set for
// scenarios in the grouped charts. Mid-tone colours that read on both the light and the dark background.
import type { TargetInfo } from '../ranking.ts';

const TARGET_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#edc948',
  '#76b7b2',
  '#ff9da7',
  '#9c755f',
];
/** References (nginx) are grey: context, not contenders. */
const REFERENCE_COLOR = '#8c8c8c';

export const SCENARIO_COLORS: Record<string, string> = {
  small: '#4e79a7',
  close: '#f28e2b',
  large: '#59a14f',
  missing: '#b07aa1',
  stalled: '#e15759',
  sweep: '#76b7b2',
};

export const GOOD = '#3d9a50';
export const BAD = '#d9534f';
export const NEUTRAL = '#8c8c8c';

export type ColorMap = ReadonlyMap<string, string>;

export function targetColors(targets: readonly TargetInfo[]): ColorMap {
  const map = new Map<string, string>();
  let next = 0;
  for (const t of targets) {
    if (t.reference) map.set(t.name, REFERENCE_COLOR);
    else map.set(t.name, TARGET_COLORS[next++ % TARGET_COLORS.length]!);
  }
  return map;
}

export function colorOf(colors: ColorMap, target: string): string {
  return colors.get(target) ?? REFERENCE_COLOR;
}
