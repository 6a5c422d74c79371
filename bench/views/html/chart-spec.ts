// Charts as plain data: what the page embeds as JSON and the client script hands to chart.js. The extra
// dataset fields (whiskers, hatched, valueLabels, notes) are read by the small plugins in client.js.

export interface DatasetSpec {
  readonly label: string;
  readonly data: readonly (number | null)[];
  readonly backgroundColor?: string | readonly string[];
  readonly borderColor?: string | readonly string[];
  readonly borderWidth?: number;
  /** A line's dash pattern: the target's runtime (palette.ts dashOf). */
  readonly borderDash?: readonly number[];
  readonly pointStyle?: string | readonly string[];
  readonly pointRadius?: number | readonly number[];
  readonly spanGaps?: boolean;
  readonly tension?: number;
  /** [min, max] per bar: drawn as a line with end caps over the bar (client.js: whiskers plugin). */
  readonly whiskers?: readonly ([number, number] | null)[];
  /** Bars drawn striped: a lower bound (client-bound), not a measurement of the server. */
  readonly hatched?: readonly boolean[];
  /** Text drawn at the end of each bar (client.js: valueLabels plugin). */
  readonly valueLabels?: readonly string[];
  /** An extra tooltip line per data point. */
  readonly notes?: readonly string[];
  /** On the first dataset: dashed lines at the references' figures (client.js: referenceLines plugin). */
  readonly referenceLines?: readonly {
    readonly value: number;
    readonly label: string;
    readonly color: string;
  }[];
}

export interface ChartSpec {
  /** Id of the canvas; unique in the page. */
  readonly id: string;
  readonly title: string;
  /** Short text alternative for the canvas (screen readers, and no-JS readers see it as fallback). */
  readonly alt: string;
  /** Height of the drawing area in CSS pixels; the width follows the column. */
  readonly height: number;
  readonly type: 'bar' | 'line';
  readonly data: { readonly labels: readonly string[]; readonly datasets: readonly DatasetSpec[] };
  /** A sentence under the chart (plain text). */
  readonly note?: string;
  /** chart.js options, as JSON: no functions (the client adds the few callbacks it needs). */
  readonly options: Record<string, unknown>;
}

/** Height for a horizontal bar chart: a row per bar plus room for the axis. */
export function barsHeight(bars: number, perBar = 30): number {
  return Math.max(120, 60 + bars * perBar);
}

// Tick formats are Intl.NumberFormat options, merged by chart.js over the fraction digits it picks for the
// tick step: setting maximumFractionDigits here would throw a RangeError when the step needs more digits.

/** An axis with a title and compact tick labels ("40K"). */
export function valueAxis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { display: true, text: title },
    ticks: { format: { notation: 'compact' } },
    ...extra,
  };
}

/** A log axis; `format` is Intl.NumberFormat options for the tick labels. */
export function logAxis(title: string, format: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'logarithmic',
    title: { display: true, text: title },
    // Significant digits take precedence over chart.js's fraction digits: "30", not "30.0".
    ticks: { format: { maximumSignificantDigits: 3, ...format } },
  };
}

export const NO_LEGEND = { legend: { display: false } };
export const LEGEND_BOTTOM = { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } } };
