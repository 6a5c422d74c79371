// Numbers as a reader wants them: three significant figures, SI-style suffixes, binary units for bytes.

export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${trim(n / 1e9)}G`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e4) return `${trim(n / 1e3)}k`;
  return Math.round(n).toLocaleString('en-US');
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

/** A fraction (0.031) as a percentage ("3.1 %"). */
export function formatFraction(f: number): string {
  return `${trim(f * 100)} %`;
}

export function formatPercent(p: number): string {
  return `${trim(p)} %`;
}

/** A signed relative change in percent ("+4.2 %", "−12 %"), with a real minus sign. */
export function formatChange(p: number): string {
  const sign = p > 0 ? '+' : p < 0 ? '−' : '±';
  return `${sign}${trim(Math.abs(p))} %`;
}

/** Three significant figures, without a trailing ".0". */
function trim(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return Number(n.toFixed(digits)).toString();
}
