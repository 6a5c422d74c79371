// The model × runtime matrix of a scenario: the concurrency models as groups of bars, one bar per runtime,
// nginx and the lesson's server as reference lines. A lower bound is striped; a cell with no result is
// named as such ("not measured"), never drawn as a bar.
import { MATRIX_GROUPS, MATRIX_RUNTIMES, type ModelMatrix } from '../matrix.ts';
import type { Ranked } from '../ranking.ts';
import { figureText } from '../words.ts';
import { barsHeight, type ChartSpec, LEGEND_BOTTOM, valueAxis } from './chart-spec.ts';

/**
 * One colour per runtime, the same in every matrix, and apart from the models' hues that the other charts
 * use (green, blue, purple, red): here the models are the groups, so the colour is free for the runtime.
 */
export const RUNTIME_COLORS: Readonly<Record<(typeof MATRIX_RUNTIMES)[number], string>> = {
  node: '#6b7a2e',
  bun: '#a87f12',
  deno: '#66808e',
};
const REFERENCE_LINE_COLORS = ['#6f6f6f', '#858585'];

const MIB = 1024 * 1024;

function plotted(row: Ranked): number {
  return row.figure.unit === 'B/s' ? row.figure.value / MIB : row.figure.value;
}

export function matrixChart(matrix: ModelMatrix): ChartSpec | null {
  const measured = matrix.cells.flat().filter((c) => c.kind === 'measured');
  if (measured.length === 0) return null;
  const unit = measured[0]!.row.figure.unit;
  const key = matrix.ranking.column.key;
  const references = matrix.references.map((row, i) => ({
    value: plotted(row),
    label: `${row.measurement.target} ${figureText(row)}`,
    color: REFERENCE_LINE_COLORS[i % REFERENCE_LINE_COLORS.length]!,
  }));
  const datasets = MATRIX_RUNTIMES.map((runtime, r) => {
    const cells = matrix.cells.map((row) => row[r]!);
    return {
      label: runtime,
      // Not measured: no bar (0), and the label says so.
      data: cells.map((c) => (c.kind === 'measured' ? plotted(c.row) : 0)),
      backgroundColor: RUNTIME_COLORS[runtime],
      hatched: cells.map((c) => c.kind === 'measured' && c.row.standing === 'lower-bound'),
      valueLabels: cells.map((c) =>
        c.kind === 'measured'
          ? `${c.row.measurement.target} ${figureText(c.row)}${c.row.standing === 'lower-bound' ? ' · client-bound' : ''}`
          : `${runtime}: not measured`,
      ),
      notes: cells.map((c) => (c.kind === 'measured' ? c.row.measurement.flags.join(', ') : c.why)),
      ...(r === 0 ? { referenceLines: references } : {}),
    };
  });
  const describe = MATRIX_GROUPS.map(
    ({ label }, g) =>
      `${label}: ${MATRIX_RUNTIMES.map((runtime, r) => {
        const cell = matrix.cells[g]![r]!;
        return `${runtime} ${cell.kind === 'measured' ? figureText(cell.row) : 'not measured'}`;
      }).join(', ')}`,
  ).join('; ');
  const max = Math.max(...measured.map((c) => plotted(c.row)), ...references.map((r) => r.value));
  return {
    id: `matrix-${key}`,
    title: `Which model, which runtime — ${matrix.ranking.column.label}`,
    alt:
      `Grouped bar chart of ${matrix.ranking.column.label} throughput per concurrency model (groups) and runtime ` +
      `(bars): ${describe}${references.length > 0 ? `; references ${references.map((r) => r.label).join(', ')}` : ''}`,
    height: barsHeight(MATRIX_GROUPS.length * MATRIX_RUNTIMES.length, 22),
    type: 'bar',
    data: { labels: MATRIX_GROUPS.map((g) => g.label), datasets },
    options: {
      indexAxis: 'y',
      // Room above the bars for the reference lines' names.
      layout: { padding: { right: 190, top: 8 + references.length * 14 } },
      plugins: LEGEND_BOTTOM,
      scales: {
        x: valueAxis(unit === 'B/s' ? 'MiB/s' : 'requests/s', {
          beginAtZero: true,
          suggestedMax: max * 1.05,
        }),
        y: { grid: { display: false } },
      },
    },
  };
}
