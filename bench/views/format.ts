// Numbers as a reader wants them, the same in the terminal, summary.md and the HTML report: three
// significant figures, binary units for bytes, fractions shown as percentages.
import type { Environment } from '../model/schema.ts';

/** Every digit, grouped: "84,712". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Three significant figures with a suffix: "84.7k", "1.2M"; below 10,000 every digit. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${trim(n / 1e9)}G`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e4) return `${trim(n / 1e3)}k`;
  return formatCount(n);
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : trim(value)} ${units[unit]}`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${trim(ms / 1000)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${trim(ms)} ms`;
  return `${Math.round(ms * 1000)} µs`;
}

/** A fraction as a percentage: 0.031 → "3.1 %". */
export function formatPercent(fraction: number): string {
  return `${trim(fraction * 100)} %`;
}

/** CPU use, where 100 means one core busy the whole time; null (not sampled) → "–". */
export function formatCpu(percentOfCore: number | null): string {
  return percentOfCore === null ? '–' : `${Math.round(percentOfCore)} %`;
}

/**
 * Requests served per CPU-second of the server: "45.2k". Valid where the client was the limit too, but a
 * server at partial load batches less, so it reads a little low there. null or undefined → "–".
 */
export function formatEfficiency(requestsPerCpuSecond: number | null | undefined): string {
  return requestsPerCpuSecond == null ? '–' : formatCompact(requestsPerCpuSecond);
}

/** A signed relative change given as a fraction, with a real minus sign: 0.042 → "+4.2 %", -0.12 → "−12 %". */
export function formatChange(fraction: number): string {
  const sign = fraction > 0 ? '+' : fraction < 0 ? '−' : '±';
  return `${sign}${trim(Math.abs(fraction) * 100)} %`;
}

/** A ratio: "2.1×", "12×". */
export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(ratio >= 1 ? 1 : 2)}×`;
}

/** The headline figure of a run in its unit: "84.7k req/s", "2.6 GiB/s". */
export function formatFigure(unit: 'req/s' | 'B/s', value: number): string {
  return unit === 'B/s' ? `${formatBytes(value)}/s` : `${formatCompact(value)} req/s`;
}

/** Three significant figures, without a trailing ".0". */
function trim(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return Number(n.toFixed(digits)).toString();
}

/** The congestion control in a few words, after a prefix; nothing when the file did not record it. */
export function tcpText(tcp: Environment['tcp'], prefix = ''): string {
  if (tcp === undefined) return '';
  return `${prefix}${tcp.congestionControl ?? 'congestion control unknown'}${tcp.setByRun ? ' (set for the run)' : ''}`;
}
