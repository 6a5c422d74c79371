// Byte classes and tiny helpers shared by the request parser and the chunked decoder.
// Lookup tables instead of range comparisons: one load per byte keeps the scanning loops tight.

export const HTAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const COLON = 0x3a;
export const SEMICOLON = 0x3b;
export const COMMA = 0x2c;

function table(accepts: (b: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  // Stryker disable next-line EqualityOperator: a write to t[256] is dropped by the Uint8Array
  for (let b = 0; b < 256; b++) t[b] = accepts(b) ? 1 : 0;
  return t;
}

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

function oneOf(chars: string): (b: number) => boolean {
  return (b) => chars.includes(String.fromCharCode(b));
}

/** tchar (RFC 9110 §5.6.2): what methods, header names and coding names are made of. */
export const TCHAR = table((b) => isAlnum(b) || oneOf("!#$%&'*+-.^_`|~")(b));

/** Bytes allowed inside a field value: HTAB, SP, VCHAR and obs-text. CR/LF, other CTLs and DEL are not. */
export const FIELD_VALUE = table((b) => b === HTAB || (b >= SP && b !== 0x7f));

/** Visible ASCII, the only bytes a request target may contain. */
export const VCHAR = table((b) => b >= 0x21 && b <= 0x7e);

/** What a Host value may hold: reg-name, IP-literal and port characters. */
export const HOST_CHAR = table((b) => isAlnum(b) || oneOf("-._~!$&'()*+,;=:[]%")(b));

/** Hex digit values, 0xff for anything else, so one lookup both tests and converts. */
export const HEX_VALUE = (() => {
  const t = new Uint8Array(256).fill(0xff);
  for (let d = 0; d < 10; d++) t[0x30 + d] = d;
  for (let d = 0; d < 6; d++) {
    t[0x41 + d] = 10 + d;
    t[0x61 + d] = 10 + d;
  }
  return t;
})();

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

export function isOws(b: number): boolean {
  return b === SP || b === HTAB;
}

/** ASCII bytes of a lowercase literal, for comparing names without building strings. */
export function ascii(lower: string): Uint8Array {
  const out = new Uint8Array(lower.length);
  // Stryker disable next-line EqualityOperator: a write to out[lower.length] is dropped by the Uint8Array
  for (let i = 0; i < lower.length; i++) out[i] = lower.charCodeAt(i);
  return out;
}

/**
 * Whether buf[start..start+lower.length) equals `lower` ignoring ASCII case. The caller checks the length.
 * OR-ing 0x20 folds A-Z onto a-z. It also folds a control byte onto each of '-', ':' and '/' (CR onto '-'),
 * which is harmless: names, codings and targets are validated tokens that never contain control bytes.
 */
export function equalsLower(buf: Uint8Array, start: number, lower: Uint8Array): boolean {
  for (let k = 0; k < lower.length; k++) {
    if ((buf[start + k]! | 0x20) !== lower[k]) return false;
  }
  return true;
}

const fromCharCode = String.fromCharCode;

/**
 * Latin-1 decode of a short range. fromCharCode with 8/4/2/1 explicit arguments beats both TextDecoder
 * and apply-over-a-subarray for the 3-100 byte strings a request head holds; long ranges use apply.
 */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: both ways give the same string, 64 is a speed trade-off
  if (end - start > 64) return fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  let s = '';
  let i = start;
  for (; end - i >= 8; i += 8) {
    s += fromCharCode(
      buf[i]!,
      buf[i + 1]!,
      buf[i + 2]!,
      buf[i + 3]!,
      buf[i + 4]!,
      buf[i + 5]!,
      buf[i + 6]!,
      buf[i + 7]!,
    );
  }
  if (end - i >= 4) {
    s += fromCharCode(buf[i]!, buf[i + 1]!, buf[i + 2]!, buf[i + 3]!);
    i += 4;
  }
  if (end - i >= 2) {
    s += fromCharCode(buf[i]!, buf[i + 1]!);
    i += 2;
  }
  if (i < end) s += fromCharCode(buf[i]!);
  return s;
}

/**
 * Remembers the last string decoded from a field. A benchmark (and most real traffic on one connection)
 * repeats the same Host and target, so a byte compare against the previous bytes usually saves the decode.
 */
export class Latin1Memo {
  private bytes = new Uint8Array(256);
  private length = -1;
  // Stryker disable next-line StringLiteral: never returned, since no range has the length -1 it starts with
  private value = '';

  decode(buf: Uint8Array, start: number, end: number): string {
    const n = end - start;
    // Stryker disable next-line ConditionalExpression: a miss decodes the same string again, only slower
    if (n === this.length && this.same(buf, start, n)) return this.value;
    const value = latin1(buf, start, end);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: keeping fewer ranges only makes more misses
    if (n <= this.bytes.length) {
      this.bytes.set(buf.subarray(start, end));
      this.length = n;
      this.value = value;
    }
    return value;
  }

  // Stryker disable next-line BlockStatement: undefined is a miss, which decodes the same string again
  private same(buf: Uint8Array, start: number, n: number): boolean {
    const bytes = this.bytes;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: comparing one byte more or giving up early only makes more misses
    for (let k = 0; k < n; k++) if (buf[start + k] !== bytes[k]) return false;
    // Stryker disable next-line BooleanLiteral: never a hit is a miss every time, same strings, only slower
    return true;
  }
}
