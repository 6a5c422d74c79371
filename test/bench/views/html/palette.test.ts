// Every colour that draws data must stand out from the chart panel, light and dark: WCAG's 3:1 for
// graphical objects, with the panel colours of styles.ts.
import { describe, expect, it } from 'vitest';
import { RUNTIME_COLORS } from '../../../../bench/views/html/charts-matrix.ts';
import { MODEL_SHADES, OTHER_COLORS, REFERENCE_COLORS } from '../../../../bench/views/html/palette.ts';
import { STYLES } from '../../../../bench/views/html/styles.ts';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The panel colours, light then dark, as styles.ts defines them. */
const panels = [...STYLES.matchAll(/--panel: (#[0-9a-f]{6})/g)].map((m) => m[1]!);

describe('the palette', () => {
  it('finds both panel colours in the styles', () => {
    expect(panels).toHaveLength(2);
  });

  const colors = [
    ...Object.values(MODEL_SHADES).flat(),
    ...OTHER_COLORS,
    ...REFERENCE_COLORS,
    ...Object.values(RUNTIME_COLORS),
  ];
  it.each(colors)('%s is at least 3:1 against the light and the dark panel', (color) => {
    for (const panel of panels) expect(contrast(color, panel), panel).toBeGreaterThanOrEqual(3);
  });

  it('gives every implementation of a model its own shade', () => {
    for (const shades of Object.values(MODEL_SHADES)) expect(new Set(shades).size).toBe(shades.length);
  });
});
