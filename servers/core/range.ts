// Range: bytes=... (RFC 9110 §14.2). One range only; anything we do not serve is ignored, as the RFC
// allows, and the whole file is sent instead.

export type RangeResult = { readonly start: number; readonly end: number } | 'unsatisfiable' | null;

function digits(s: string): number {
  if (s.length === 0 || s.length > 15) return -1;
  // Stryker disable next-line EqualityOperator: charCodeAt(s.length) is NaN, which fails both comparisons below
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
  }
  return Number(s);
}

/** [start, end) of a satisfiable single range, 'unsatisfiable', or null to ignore the header. */
export function parseRange(header: string, size: number): RangeResult {
  const value = header.trim();
  if (!value.toLowerCase().startsWith('bytes=')) return null;
  // Stryker disable next-line MethodExpression: whitespace at either end of spec ends up in first or last, both trimmed
  const spec = value.slice(6).trim();
  // Stryker disable next-line ConditionalExpression: a comma would land in first or last, which digits() then refuses
  if (spec.includes(',')) return null; // several ranges: we send the whole file rather than multipart
  const dash = spec.indexOf('-');
  if (dash === -1) return null;
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === '') {
    const suffix = digits(last);
    if (suffix < 0) return null;
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = digits(first);
  if (start < 0) return null;
  let end = size;
  if (last !== '') {
    const lastByte = digits(last);
    // Stryker disable next-line ConditionalExpression: start is at least 0, so a lastByte of -1 is below it anyway
    if (lastByte < 0 || lastByte < start) return null;
    end = Math.min(size, lastByte + 1);
  }
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
