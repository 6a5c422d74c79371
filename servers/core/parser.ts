// Incremental HTTP/1.1 request-head parser (RFC 9112). Stateless: the caller keeps the bytes and calls
// again from the same start once more have arrived. Strict on purpose: anything ambiguous about where a
// message starts or ends is rejected, because a lenient front end is how request smuggling happens.

import {
  ascii,
  COLON,
  COMMA,
  CR,
  equalsLower,
  FIELD_VALUE,
  HOST_CHAR,
  HTAB,
  isDigit,
  isOws,
  Latin1Memo,
  LF,
  latin1,
  SP,
  TCHAR,
  VCHAR,
} from './bytes.ts';
import {
  type BodyFraming,
  LIMITS,
  type ParseErrorStatus,
  type ParseResult,
  type RequestHead,
} from './request.ts';

type ParseError = Extract<ParseResult, { kind: 'error' }>;

const INCOMPLETE: ParseResult = Object.freeze({ kind: 'incomplete' as const });
const NO_BODY: BodyFraming = Object.freeze({ kind: 'none' as const });
const CHUNKED_BODY: BodyFraming = Object.freeze({ kind: 'chunked' as const });

/** RFC 9112 §2.2 tolerates stray CRLFs before a request (old clients add one after a POST body); only a few. */
const MAX_LEADING_EMPTY_LINES = 8;
/**
 * A head whose header section fits maxHeadBytes is at most maxHeadBytes + 2 bytes long (the final CRLF),
 * so once this many bytes have arrived without the blank line, the head cannot fit any more.
 */
const HEAD_WINDOW = LIMITS.maxHeadBytes + 4;
const MAX_CONTENT_LENGTH_DIGITS = 15;

/** What the scanners return instead of a position when the bytes run out. */
const NEED_MORE = -1;

function fail(status: ParseErrorStatus, reason: string): ParseError {
  return { kind: 'error', status, reason };
}

export function parseRequestHead(buf: Uint8Array, start: number, end: number): ParseResult {
  const lineStart = skipEmptyLines(buf, start, end);
  if (typeof lineStart !== 'number') return lineStart;
  if (lineStart === NEED_MORE) return INCOMPLETE;

  const window = Math.min(end, lineStart + HEAD_WINDOW + 1);
  // Fast path: a request usually arrives whole, so the buffer ends in CRLFCRLF. That blank line bounds
  // every scan, and the line-by-line parse below stops at the first blank line, so no pre-scan is needed.
  // Stryker disable next-line ConditionalExpression: without the fast path, findBlankLine finds the same blank line
  if (endsWithBlankLine(buf, lineStart, window)) return parseHead(buf, start, lineStart, window);

  const headEnd = findBlankLine(buf, lineStart, window);
  // Stryker disable next-line EqualityOperator: a blank line ends 4 bytes in at the earliest, so headEnd is never 0
  if (headEnd >= 0) return parseHead(buf, start, lineStart, headEnd);
  return checkPartialHead(buf, lineStart, end, window);
}

/**
 * A head without its blank line yet: fail as soon as the bytes so far decide it, else wait. Rescanning the
 * request line each time is bounded by the target limit; the header lines are left for parseHead, except
 * for a bare LF at the very end, which is what a client ending its lines in LF alone is waiting after.
 */
function checkPartialHead(buf: Uint8Array, lineStart: number, end: number, window: number): ParseResult {
  const line = scanRequestLine(buf, lineStart, window);
  if (typeof line !== 'number') return line;
  if (buf[window - 1] === LF && buf[window - 2] !== CR) return fail(400, 'bare LF in header section');
  if (end - lineStart > HEAD_WINDOW) {
    return line === NEED_MORE
      ? fail(414, 'request line longer than the header section limit')
      : fail(431, `header section larger than ${LIMITS.maxHeadBytes} bytes`);
  }
  return INCOMPLETE;
}

/** Returns where the request line starts, NEED_MORE, or an error for a bare CR/LF or too many empty lines. */
function skipEmptyLines(buf: Uint8Array, start: number, end: number): number | ParseError {
  let i = start;
  for (let lines = 0; i < end; lines++) {
    const b = buf[i]!;
    if (b === LF) return fail(400, 'bare LF before the request line');
    if (b !== CR) return i;
    if (lines === MAX_LEADING_EMPTY_LINES) return fail(400, 'too many empty lines before the request line');
    if (i + 1 === end) return NEED_MORE;
    if (buf[i + 1] !== LF) return fail(400, 'bare CR before the request line');
    i += 2;
  }
  return NEED_MORE;
}

// Stryker disable next-line BlockStatement: undefined is false, and findBlankLine then finds the same blank line
function endsWithBlankLine(buf: Uint8Array, from: number, to: number): boolean {
  return (
    to - from >= 4 && buf[to - 1] === LF && buf[to - 2] === CR && buf[to - 3] === LF && buf[to - 4] === CR
  );
}

/**
 * Position just past the first CRLFCRLF in [from, to), or NEED_MORE. A byte other than CR or LF cannot be
 * part of the pattern, so the scan jumps 4 bytes past it: about a quarter of the bytes get looked at, which
 * keeps a head arriving in many small pieces cheap to rescan. Bare LFs are left to parseHead.
 */
function findBlankLine(buf: Uint8Array, from: number, to: number): number {
  let i = from + 3;
  while (i < to) {
    const b = buf[i]!;
    // Stryker disable next-line ConditionalExpression: stepping 1 byte where 4 would do finds the same blank line
    if (b > CR) i += 4;
    else if (b === LF && buf[i - 1] === CR && buf[i - 2] === LF && buf[i - 3] === CR) {
      // Stryker disable next-line ArithmeticOperator: parseHead stops at the blank line itself; the bound only has to lie past the request line
      return i + 1;
    } else i++;
  }
  return NEED_MORE;
}

/** Where scanRequestLine found the parts. Module state rather than an object per call: parsing never re-enters. */
// Stryker disable next-line ObjectLiteral: scanRequestLine writes every part before anything reads it
const requestLine = { methodEnd: 0, targetStart: 0, targetEnd: 0, minorVersion: 1 as 0 | 1 };

const HTTP_VERSION = ascii('HTTP/1.1\r\n');
const MAJOR_DIGIT = 5;
const MINOR_DIGIT = 7;

/**
 * Validates "method SP request-target SP HTTP-version CRLF" from pos, never reading at or past `end`.
 * Returns the position after its CRLF, NEED_MORE, or an error. The parts land in `requestLine`.
 */
function scanRequestLine(buf: Uint8Array, pos: number, end: number): number | ParseError {
  // Tables as locals: V8 re-reads an imported binding on every use inside a loop.
  const tchar = TCHAR;
  const vchar = VCHAR;
  let i = pos;
  while (i < end && tchar[buf[i]!] === 1) i++;
  if (i === end) return NEED_MORE;
  // A method is one or more tchars: a space where the method should start is no separator.
  if (buf[i] !== SP || i === pos) return fail(400, methodError(buf[i]!, i === pos));
  requestLine.methodEnd = i;

  const targetStart = ++i;
  const targetLimit = Math.min(end, targetStart + LIMITS.maxTargetBytes + 1);
  while (i < targetLimit && vchar[buf[i]!] === 1) i++;
  if (i - targetStart > LIMITS.maxTargetBytes) {
    return fail(414, `request target longer than ${LIMITS.maxTargetBytes} bytes`);
  }
  if (i === end) return NEED_MORE;
  if (buf[i] !== SP || i === targetStart) return fail(400, targetError(buf[i]!, i === targetStart));
  requestLine.targetStart = targetStart;
  requestLine.targetEnd = i++;

  for (let k = 0; k < HTTP_VERSION.length; k++, i++) {
    if (i === end) return NEED_MORE;
    const b = buf[i]!;
    const matches = k === MAJOR_DIGIT || k === MINOR_DIGIT ? isDigit(b) : b === HTTP_VERSION[k];
    if (!matches) return fail(400, versionError(b, k));
  }
  const major = buf[i - HTTP_VERSION.length + MAJOR_DIGIT]! - 0x30;
  const minor = buf[i - HTTP_VERSION.length + MINOR_DIGIT]! - 0x30;
  if (major !== 1 || minor > 1) return fail(505, 'HTTP version not supported');
  requestLine.minorVersion = minor === 0 ? 0 : 1;
  return i;
}

function methodError(b: number, empty: boolean): string {
  if (empty) return b === SP || b === HTAB ? 'whitespace before the method' : 'invalid byte in method';
  if (b === HTAB) return 'request line separator is not a single space';
  return 'invalid byte in method';
}

function targetError(b: number, empty: boolean): string {
  if (b === LF) return 'bare LF in the request line';
  if (b === CR) return empty ? 'missing request target' : 'missing HTTP version';
  if (empty && b === SP) return 'more than one space before the request target';
  if (b === HTAB) return 'request line separator is not a single space';
  return 'invalid byte in request target';
}

function versionError(b: number, k: number): string {
  if (k === 0 && b === SP) return 'more than one space before the HTTP version';
  if (k === HTTP_VERSION.length - 1) return 'bare CR after the request line';
  if (b === LF) return 'bare LF after the request line';
  return 'malformed HTTP version';
}

const CONNECT = ascii('CONNECT');
const OPTIONS = ascii('OPTIONS');
const HTTP_SCHEME = ascii('http://');
const HTTPS_SCHEME = ascii('https://');
const SLASH = 0x2f;
const ASTERISK = 0x2a;

function methodIs(buf: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (buf[start + k] !== name[k]) return false;
  return true;
}

/** RFC 9112 §3.2: origin-form and absolute-form for any method, asterisk-form for OPTIONS, authority-form for CONNECT. */
function checkTargetForm(buf: Uint8Array, methodStart: number): ParseError | null {
  const { methodEnd, targetStart, targetEnd } = requestLine;
  if (methodIs(buf, methodStart, methodEnd, CONNECT)) {
    return isAuthorityForm(buf, targetStart, targetEnd)
      ? null
      : fail(400, 'CONNECT needs an authority-form target');
  }
  const first = buf[targetStart]!;
  if (first === SLASH) return null;
  if (first === ASTERISK && targetEnd - targetStart === 1) {
    return methodIs(buf, methodStart, methodEnd, OPTIONS)
      ? null
      : fail(400, 'asterisk-form is only for OPTIONS');
  }
  if (isAbsoluteForm(buf, targetStart, targetEnd)) return null;
  return fail(400, 'unsupported request-target form');
}

function isAbsoluteForm(buf: Uint8Array, start: number, end: number): boolean {
  const scheme = hasPrefix(buf, start, end, HTTP_SCHEME)
    ? HTTP_SCHEME
    : hasPrefix(buf, start, end, HTTPS_SCHEME)
      ? HTTPS_SCHEME
      : null;
  if (scheme === null) return false;
  const authority = start + scheme.length;
  if (authority === end) return false;
  const b = buf[authority]!;
  return b !== SLASH && b !== 0x3f && b !== 0x23; // an authority cannot start with '/', '?' or '#'
}

/** Case-insensitive prefix test; the scheme literals are lowercase letters and ":/" which OR-0x20 leaves alone. */
function hasPrefix(buf: Uint8Array, start: number, end: number, lower: Uint8Array): boolean {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: past a shorter target comes the SP, which matches no byte of a scheme
  return end - start >= lower.length && equalsLower(buf, start, lower);
}

/** host ":" port: host of Host characters without "/", port of one or more digits. */
function isAuthorityForm(buf: Uint8Array, start: number, end: number): boolean {
  let colon = end - 1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: before the target comes the SP, which is no digit
  while (colon > start && isDigit(buf[colon]!)) colon--;
  if (colon === start || colon === end - 1 || buf[colon] !== COLON) return false;
  // Stryker disable next-line EqualityOperator: the colon itself is a Host character
  for (let i = start; i < colon; i++) if (HOST_CHAR[buf[i]!] !== 1) return false;
  return true;
}

/** What the header lines said so far; one reused instance, reset per head, so no allocation per header. */
// Stryker disable all: resetFields() or the field's own header writes every value before anything reads it
const fields = {
  hostCount: 0,
  contentLength: -1,
  transferEncoding: false,
  chunkedCount: 0,
  lastCodingChunked: false,
  unknownCoding: false,
  close: false,
  keepAlive: false,
  ifNoneMatchStart: -1,
  ifNoneMatchEnd: -1,
  ifModifiedSinceStart: -1,
  ifModifiedSinceEnd: -1,
  rangeStart: -1,
  rangeEnd: -1,
  ifRangeStart: -1,
  ifRangeEnd: -1,
};
// Stryker restore all

function resetFields(): void {
  fields.hostCount = 0;
  fields.contentLength = -1;
  fields.transferEncoding = false;
  fields.chunkedCount = 0;
  // Stryker disable next-line BooleanLiteral: read only after a Transfer-Encoding element, which sets it
  fields.lastCodingChunked = false;
  fields.unknownCoding = false;
  fields.close = false;
  fields.keepAlive = false;
  fields.ifNoneMatchStart = -1;
  fields.ifModifiedSinceStart = -1;
  fields.rangeStart = -1;
  fields.ifRangeStart = -1;
}

/**
 * Parses a head known to contain a blank line before `bound` (buf[bound-4..bound) is CRLFCRLF). That blank
 * line stops every scan below (CR is neither tchar nor a value byte), so header scanning needs no bounds checks.
 */
function parseHead(buf: Uint8Array, start: number, lineStart: number, bound: number): ParseResult {
  const afterLine = scanRequestLine(buf, lineStart, bound);
  if (typeof afterLine !== 'number') return afterLine;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: unreachable, as the comment says
  if (afterLine < 0) return fail(400, 'malformed request line'); // cannot happen: a CRLF ends the line first
  const formError = checkTargetForm(buf, lineStart);
  if (formError !== null) return formError;

  resetFields();
  let i = afterLine;
  let count = 0;
  for (;;) {
    if (i - lineStart > LIMITS.maxHeadBytes) {
      return fail(431, `header section larger than ${LIMITS.maxHeadBytes} bytes`);
    }
    if (buf[i] === CR) {
      if (buf[i + 1] !== LF) return fail(400, 'bare CR in header section');
      i += 2;
      break;
    }
    if (++count > LIMITS.maxHeaders) return fail(431, `more than ${LIMITS.maxHeaders} header fields`);

    const nameStart = i;
    i = skipClass(buf, i, TCHAR);
    if (buf[i] !== COLON || i === nameStart) return fail(400, nameError(buf[i]!, i === nameStart));
    const nameEnd = i++;

    while (isOws(buf[i]!)) i++;
    const valueStart = i;
    i = skipClass(buf, i, FIELD_VALUE);
    if (buf[i] !== CR || buf[i + 1] !== LF) return fail(400, lineEndError(buf[i]!));
    let valueEnd = i;
    while (valueEnd > valueStart && isOws(buf[valueEnd - 1]!)) valueEnd--;

    const fieldError = recordField(buf, nameStart, nameEnd, valueStart, valueEnd);
    if (fieldError !== null) return fieldError;
    i += 2;
  }
  return finishHead(buf, start, lineStart, i);
}

/**
 * First index at or after i whose byte is not in `table`. Four bytes per step where it can: names and
 * values are most of a head. Reads up to 3 bytes past the stop, which the closing CRLFCRLF keeps in bounds.
 */
function skipClass(buf: Uint8Array, i: number, table: Uint8Array): number {
  // Stryker disable next-line ConditionalExpression: without the 4-byte steps, the loop below stops at the same byte
  while ((table[buf[i]!]! & table[buf[i + 1]!]! & table[buf[i + 2]!]! & table[buf[i + 3]!]!) === 1) i += 4;
  while (table[buf[i]!] === 1) i++;
  return i;
}

function lineEndError(b: number): string {
  if (b === LF) return 'bare LF in header section';
  return b === CR ? 'bare CR in header section' : 'invalid byte in header value';
}

function nameError(b: number, empty: boolean): string {
  if (b === LF) return 'bare LF in header section';
  if (empty && (b === SP || b === HTAB)) return 'obs-fold (header line starting with whitespace)';
  if (empty && b === COLON) return 'empty header name';
  if (b === SP || b === HTAB) return 'whitespace between header name and colon';
  if (b === CR) return 'header line without colon';
  return 'invalid byte in header name';
}

const HOST = ascii('host');
const RANGE = ascii('range');
const IF_RANGE = ascii('if-range');
const CONNECTION = ascii('connection');
const IF_NONE_MATCH = ascii('if-none-match');
const CONTENT_LENGTH = ascii('content-length');
const TRANSFER_ENCODING = ascii('transfer-encoding');
const IF_MODIFIED_SINCE = ascii('if-modified-since');

/** Dispatch on name length first: most headers are none of these and fail on length or first byte. */
function recordField(
  buf: Uint8Array,
  nameStart: number,
  nameEnd: number,
  valueStart: number,
  valueEnd: number,
): ParseError | null {
  switch (nameEnd - nameStart) {
    case 4:
      if (equalsLower(buf, nameStart, HOST)) return recordHost(buf, valueStart, valueEnd);
      break;
    case 5:
      if (equalsLower(buf, nameStart, RANGE)) {
        fields.rangeStart = valueStart;
        fields.rangeEnd = valueEnd;
      }
      break;
    case 8:
      if (equalsLower(buf, nameStart, IF_RANGE)) {
        fields.ifRangeStart = valueStart;
        fields.ifRangeEnd = valueEnd;
      }
      break;
    case 10:
      if (equalsLower(buf, nameStart, CONNECTION)) recordConnection(buf, valueStart, valueEnd);
      break;
    case 13:
      if (equalsLower(buf, nameStart, IF_NONE_MATCH)) {
        fields.ifNoneMatchStart = valueStart;
        fields.ifNoneMatchEnd = valueEnd;
      }
      break;
    case 14:
      if (equalsLower(buf, nameStart, CONTENT_LENGTH)) return recordContentLength(buf, valueStart, valueEnd);
      break;
    case 17:
      if (equalsLower(buf, nameStart, TRANSFER_ENCODING))
        return recordTransferEncoding(buf, valueStart, valueEnd);
      if (equalsLower(buf, nameStart, IF_MODIFIED_SINCE)) {
        fields.ifModifiedSinceStart = valueStart;
        fields.ifModifiedSinceEnd = valueEnd;
      }
      break;
  }
  return null;
}

function recordHost(buf: Uint8Array, start: number, end: number): ParseError | null {
  if (fields.hostCount > 0) return fail(400, 'more than one Host header');
  for (let i = start; i < end; i++) {
    if (HOST_CHAR[buf[i]!] !== 1) return fail(400, 'invalid character in Host');
  }
  // Checked and counted, not kept: no server answers by Host (one site per server).
  fields.hostCount = 1;
  return null;
}

function recordContentLength(buf: Uint8Array, start: number, end: number): ParseError | null {
  if (fields.contentLength >= 0) return fail(400, 'more than one Content-Length header');
  if (start === end) return fail(400, 'empty Content-Length');
  let length = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (!isDigit(b)) return fail(400, 'Content-Length is not a decimal number');
    length = length * 10 + (b - 0x30);
  }
  if (end - start > MAX_CONTENT_LENGTH_DIGITS) {
    return fail(400, `Content-Length longer than ${MAX_CONTENT_LENGTH_DIGITS} digits`);
  }
  fields.contentLength = length;
  return null;
}

/** Bounds of the list element last found by nextListElement, OWS trimmed. */
// Stryker disable next-line ObjectLiteral: nextListElement writes both before anything reads them
const element = { start: 0, end: 0 };

/** Finds the comma-separated element starting at p (end is the trimmed value end); returns where the next starts. */
function nextListElement(buf: Uint8Array, p: number, end: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: past a trimmed end, the element is empty either way
  while (p < end && isOws(buf[p]!)) p++;
  const start = p;
  while (p < end && buf[p] !== COMMA) p++;
  let last = p;
  while (last > start && isOws(buf[last - 1]!)) last--;
  element.start = start;
  element.end = last;
  return p + 1;
}

const CLOSE = ascii('close');
const KEEP_ALIVE = ascii('keep-alive');

function recordConnection(buf: Uint8Array, start: number, end: number): void {
  // Stryker disable next-line EqualityOperator: the element after a trailing comma is empty, and an empty one names nothing
  for (let p = start; p <= end; ) {
    p = nextListElement(buf, p, end);
    const length = element.end - element.start;
    if (length === CLOSE.length && equalsLower(buf, element.start, CLOSE)) {
      fields.close = true;
    } else if (length === KEEP_ALIVE.length && equalsLower(buf, element.start, KEEP_ALIVE)) {
      fields.keepAlive = true;
    }
  }
}

const CHUNKED = ascii('chunked');
const KNOWN_CODINGS = [ascii('gzip'), ascii('deflate'), ascii('compress'), ascii('identity')];

/** Repeated Transfer-Encoding lines continue one list, so the checks needing the whole list wait for finishHead. */
function recordTransferEncoding(buf: Uint8Array, start: number, end: number): ParseError | null {
  if (start === end) return fail(400, 'empty Transfer-Encoding');
  fields.transferEncoding = true;
  for (let p = start; p <= end; ) {
    p = nextListElement(buf, p, end);
    const { start: s, end: e } = element;
    if (s === e) return fail(400, 'empty element in Transfer-Encoding');
    for (let i = s; i < e; i++) {
      if (TCHAR[buf[i]!] !== 1) return fail(400, 'malformed transfer coding');
    }
    const chunked = e - s === CHUNKED.length && equalsLower(buf, s, CHUNKED);
    if (chunked && ++fields.chunkedCount > 1) return fail(400, 'chunked applied more than once');
    if (!chunked && !isKnownCoding(buf, s, e)) fields.unknownCoding = true;
    fields.lastCodingChunked = chunked;
  }
  return null;
}

function isKnownCoding(buf: Uint8Array, start: number, end: number): boolean {
  for (const coding of KNOWN_CODINGS) {
    if (end - start === coding.length && equalsLower(buf, start, coding)) return true;
  }
  return false;
}

const methodMemo = new Latin1Memo();
const targetMemo = new Latin1Memo();
const ifNoneMatchMemo = new Latin1Memo();
const ifModifiedSinceMemo = new Latin1Memo();

function finishHead(buf: Uint8Array, start: number, lineStart: number, headEnd: number): ParseResult {
  const minorVersion = requestLine.minorVersion;
  if (minorVersion === 1 && fields.hostCount === 0) return fail(400, 'missing Host header');
  const framingError = checkFraming(minorVersion);
  if (framingError !== null) return framingError;

  const head: RequestHead = {
    method: methodMemo.decode(buf, lineStart, requestLine.methodEnd),
    target: targetMemo.decode(buf, requestLine.targetStart, requestLine.targetEnd),
    minorVersion,
    keepAlive: minorVersion === 1 ? !fields.close : fields.keepAlive && !fields.close,
    ifNoneMatch:
      // Stryker disable next-line EqualityOperator: a value starts after the request line, never at 0
      fields.ifNoneMatchStart >= 0
        ? ifNoneMatchMemo.decode(buf, fields.ifNoneMatchStart, fields.ifNoneMatchEnd)
        : null,
    ifModifiedSince:
      // Stryker disable next-line EqualityOperator: a value starts after the request line, never at 0
      fields.ifModifiedSinceStart >= 0
        ? ifModifiedSinceMemo.decode(buf, fields.ifModifiedSinceStart, fields.ifModifiedSinceEnd)
        : null,
    // Stryker disable next-line EqualityOperator: a value starts after the request line, never at 0
    range: fields.rangeStart >= 0 ? latin1(buf, fields.rangeStart, fields.rangeEnd) : null,
    // Stryker disable next-line EqualityOperator: a value starts after the request line, never at 0
    ifRange: fields.ifRangeStart >= 0 ? latin1(buf, fields.ifRangeStart, fields.ifRangeEnd) : null,
    body: bodyFraming(),
  };
  return { kind: 'head', head, consumed: headEnd - start };
}

/** RFC 9112 §6.1 and §6.3: a body whose length two headers could disagree on is refused, never guessed. */
function checkFraming(minorVersion: 0 | 1): ParseError | null {
  if (!fields.transferEncoding) return null;
  if (fields.contentLength >= 0) return fail(400, 'both Transfer-Encoding and Content-Length');
  if (minorVersion === 0) return fail(400, 'Transfer-Encoding on HTTP/1.0');
  if (!fields.lastCodingChunked) return fail(400, 'chunked is not the final transfer coding');
  if (fields.unknownCoding) return fail(501, 'unknown transfer coding');
  return null;
}

function bodyFraming(): BodyFraming {
  if (fields.transferEncoding) return CHUNKED_BODY;
  if (fields.contentLength > 0) return { kind: 'length', length: fields.contentLength };
  return NO_BODY;
}
