// The load engine's view of one connection's incoming bytes: HTTP/1.1 responses framed by Content-Length,
// by chunked coding or by the server's close (RFC 9112 §6.3), read as they arrive, without keeping a body.
// It measures each response (status, head bytes, body bytes, wire bytes) and, when asked, compares the body
// with the expected one as it streams past. Bytes in, numbers out: no runtime API, so Node's tests run it.

/** Compares `length` bytes of `a` from `aStart` with `b` from `bStart` (the engine passes a native one). */
export type SameBytes = (
  a: Uint8Array,
  aStart: number,
  b: Uint8Array,
  bStart: number,
  length: number,
) => boolean;

/** Body comparison of a response: not done, the bytes matched, or they did not. */
export const NOT_COMPARED = 0;
export const MATCHED = 1;
export const DIFFERED = 2;
export type Comparison = typeof NOT_COMPARED | typeof MATCHED | typeof DIFFERED;

/**
 * Called once per complete response. Positional arguments, so that the hot path allocates nothing.
 * `closes`: the server said Connection: close, or the body ended with the connection.
 */
export type OnResponse = (
  status: number,
  headBytes: number,
  bodyBytes: number,
  wireBytes: number,
  comparison: Comparison,
  closes: boolean,
) => void;

const CR = 13;
const LF = 10;
/** A head longer than this is not an answer from a static file server: stop rather than buffer on. */
const MAX_HEAD = 64 * 1024;

/** Where the reader is in a response. Plain numbers (no enum: the code must stay erasable TypeScript). */
const State = {
  Head: 0,
  LengthBody: 1,
  ChunkSize: 2,
  ChunkData: 3,
  ChunkDataEnd: 4,
  Trailers: 5,
  CloseBody: 6,
  Failed: 7,
} as const;
type State = (typeof State)[keyof typeof State];

/** Whether `bytes[at..]` starts with the lower-case ASCII `name` followed by ':', ignoring case. */
function isHeader(bytes: Uint8Array, at: number, end: number, name: string): boolean {
  if (end - at <= name.length || bytes[at + name.length] !== 58) return false;
  for (let i = 0; i < name.length; i++) {
    if ((bytes[at + i]! | 0x20) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** The header value between `at` and `end` (the CR), without surrounding whitespace, lower-cased. */
function valueText(bytes: Uint8Array, at: number, end: number): string {
  let s = at;
  let e = end;
  while (s < e && (bytes[s] === 32 || bytes[s] === 9)) s++;
  while (e > s && (bytes[e - 1] === 32 || bytes[e - 1] === 9)) e--;
  let text = '';
  for (let i = s; i < e; i++)
    text += String.fromCharCode(bytes[i]! | (bytes[i]! >= 65 && bytes[i]! <= 90 ? 0x20 : 0));
  return text;
}

export class ResponseReader {
  private state: State = State.Head;
  /** A head split over reads, gathered here; empty while heads arrive whole (the usual case). */
  private partialHead: Uint8Array = new Uint8Array(0);
  private status = 0;
  private headBytes = 0;
  private bodyBytes = 0;
  private wireBytes = 0;
  /** LengthBody: bytes still to come; ChunkData: bytes left in this chunk; ChunkDataEnd: CRLF bytes left. */
  private remaining = 0;
  private chunkSize = 0;
  private chunkDigits = 0;
  private inExtension = false;
  private lineLength = 0;
  private closes = false;
  private comparing = false;
  private differs = false;
  /** Set when the bytes cannot be a response; the connection is no use after that. */
  error: string | null = null;

  private readonly expectedBody: Uint8Array;
  private readonly sameBytes: SameBytes;
  private readonly onResponse: OnResponse;
  /** Asked once per response, when its head is in: compare this body with the expected one? */
  private readonly compareThis: () => boolean;

  constructor(
    expectedBody: Uint8Array,
    sameBytes: SameBytes,
    onResponse: OnResponse,
    compareThis: () => boolean,
  ) {
    this.expectedBody = expectedBody;
    this.sameBytes = sameBytes;
    this.onResponse = onResponse;
    this.compareThis = compareThis;
  }

  /** Ready for a new connection's first response: whatever was left of the last one is dropped. */
  reset(): void {
    this.state = State.Head;
    this.partialHead = new Uint8Array(0);
    this.wireBytes = 0;
    this.error = null;
  }

  /** True between responses: nothing of a next one has arrived. */
  get atBoundary(): boolean {
    return this.state === State.Head && this.partialHead.length === 0;
  }

  /** Reads the bytes; returns false once they cannot be a response (see `error`). */
  feed(data: Uint8Array): boolean {
    let at = 0;
    while (at < data.length) {
      switch (this.state) {
        case State.Head:
          at = this.readHead(data, at);
          break;
        case State.LengthBody: {
          const n = Math.min(this.remaining, data.length - at);
          this.takeBody(data, at, n);
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) this.complete();
          break;
        }
        case State.CloseBody: {
          this.takeBody(data, at, data.length - at);
          at = data.length;
          break;
        }
        case State.ChunkData: {
          const n = Math.min(this.remaining, data.length - at);
          this.takeBody(data, at, n);
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = State.ChunkDataEnd;
            this.remaining = 2;
          }
          break;
        }
        case State.ChunkDataEnd: {
          const byte = data[at++]!;
          this.wireBytes++;
          if (byte !== (this.remaining === 2 ? CR : LF)) return this.fail('a chunk does not end with CRLF');
          if (--this.remaining === 0) this.startChunkSize();
          break;
        }
        case State.ChunkSize:
          at = this.readChunkSize(data, at);
          break;
        case State.Trailers:
          at = this.readTrailers(data, at);
          break;
        case State.Failed:
          return false;
      }
      if (this.error !== null) return false;
    }
    return true;
  }

  /**
   * The connection closed. A body that runs to the close is complete now; returns false when a response
   * was cut off (part of a head or of a framed body had arrived).
   */
  end(): boolean {
    if (this.state === State.CloseBody) {
      this.closes = true;
      this.complete();
      return true;
    }
    return this.atBoundary;
  }

  private fail(why: string): false {
    this.error = why;
    this.state = State.Failed;
    return false;
  }

  private takeBody(data: Uint8Array, at: number, n: number): void {
    if (this.comparing && !this.differs) {
      const offset = this.bodyBytes;
      if (offset + n > this.expectedBody.length || !this.sameBytes(data, at, this.expectedBody, offset, n)) {
        this.differs = true;
      }
    }
    this.bodyBytes += n;
    this.wireBytes += n;
  }

  private complete(): void {
    const comparison: Comparison = !this.comparing
      ? NOT_COMPARED
      : this.differs || this.bodyBytes !== this.expectedBody.length
        ? DIFFERED
        : MATCHED;
    const { status, headBytes, bodyBytes, wireBytes, closes } = this;
    this.state = State.Head;
    this.wireBytes = 0;
    this.onResponse(status, headBytes, bodyBytes, wireBytes, comparison, closes);
  }

  /** Finds the end of a head from `at`; parses it once whole. Returns where reading goes on. */
  private readHead(data: Uint8Array, at: number): number {
    if (this.partialHead.length === 0) {
      const end = headEnd(data, at, data.length);
      if (end !== -1) {
        this.parseHead(data, at, end);
        return end;
      }
      this.partialHead = data.slice(at);
    } else {
      // Rare: a head over several reads. Join and look again, from just before the join.
      const joined = new Uint8Array(this.partialHead.length + data.length - at);
      joined.set(this.partialHead);
      joined.set(data.subarray(at), this.partialHead.length);
      const before = this.partialHead.length;
      const end = headEnd(joined, Math.max(0, before - 3), joined.length);
      if (end !== -1) {
        this.partialHead = new Uint8Array(0);
        this.parseHead(joined, 0, end);
        return at + (end - before);
      }
      this.partialHead = joined;
    }
    if (this.partialHead.length > MAX_HEAD) this.fail(`a response head longer than ${MAX_HEAD} bytes`);
    return data.length;
  }

  /** The head is bytes[start, end): status line, fields, blank line. Sets up reading its body. */
  private parseHead(bytes: Uint8Array, start: number, end: number): void {
    this.headBytes = end - start;
    this.wireBytes = this.headBytes;
    this.bodyBytes = 0;
    this.closes = false;
    this.differs = false;
    // "HTTP/d.d NNN": the name, the version's digits and the three of the status.
    if (
      end - start < 12 ||
      !startsWithHttp(bytes, start) ||
      !isDigit(bytes[start + 5]!) ||
      bytes[start + 6] !== 46 ||
      !isDigit(bytes[start + 7]!) ||
      bytes[start + 8] !== 32 ||
      !isDigit(bytes[start + 9]!) ||
      !isDigit(bytes[start + 10]!) ||
      !isDigit(bytes[start + 11]!)
    ) {
      this.fail('not an HTTP/1.x status line');
      return;
    }
    this.status = (bytes[start + 9]! - 48) * 100 + (bytes[start + 10]! - 48) * 10 + (bytes[start + 11]! - 48);
    let contentLength = -1;
    let chunked = false;
    let keepAlive = false;
    let line = bytes.indexOf(LF, start) + 1;
    while (line < end - 2) {
      const lf = bytes.indexOf(LF, line);
      const valueEnd = bytes[lf - 1] === CR ? lf - 1 : lf;
      const first = bytes[line]! | 0x20;
      if (first === 99 /* c */) {
        if (isHeader(bytes, line, valueEnd, 'content-length')) {
          contentLength = decimal(bytes, line + 15, valueEnd);
          if (contentLength < 0) {
            this.fail('a Content-Length that is not a number');
            return;
          }
        } else if (isHeader(bytes, line, valueEnd, 'connection')) {
          const options = valueText(bytes, line + 11, valueEnd)
            .split(',')
            .map((t) => t.trim());
          if (options.includes('close')) this.closes = true;
          if (options.includes('keep-alive')) keepAlive = true;
        }
      } else if (first === 116 /* t */ && isHeader(bytes, line, valueEnd, 'transfer-encoding')) {
        chunked = valueText(bytes, line + 18, valueEnd).endsWith('chunked');
      }
      line = lf + 1;
    }
    // RFC 9112 §9.3: an HTTP/1.0 answer closes its connection unless it offers keep-alive (Python's
    // http.server does not): the next request must go on a new connection, not be lost on this one.
    if (isHttp10(bytes, start) && !keepAlive) this.closes = true;
    const noBody = this.status < 200 || this.status === 204 || this.status === 304;
    this.comparing = !noBody && this.compareThis();
    if (noBody) this.complete();
    else if (chunked) this.startChunkSize();
    else if (contentLength >= 0) {
      this.remaining = contentLength;
      this.state = State.LengthBody;
      if (contentLength === 0) this.complete();
    } else this.state = State.CloseBody;
  }

  private startChunkSize(): void {
    this.state = State.ChunkSize;
    this.chunkSize = 0;
    this.chunkDigits = 0;
    this.inExtension = false;
  }

  /** A chunk-size line, hex digits and an ignored extension, byte by byte (they are a few bytes). */
  private readChunkSize(data: Uint8Array, at: number): number {
    while (at < data.length) {
      const byte = data[at++]!;
      this.wireBytes++;
      if (byte === LF) {
        if (this.chunkDigits === 0) {
          this.fail('a chunk-size line without a size');
          return at;
        }
        if (this.chunkSize === 0) {
          this.state = State.Trailers;
          this.lineLength = 0;
        } else {
          this.state = State.ChunkData;
          this.remaining = this.chunkSize;
        }
        return at;
      }
      if (this.inExtension || byte === CR) continue;
      if (byte === 59 /* ; */ || byte === 32 || byte === 9) {
        this.inExtension = true;
        continue;
      }
      const digit = hexValue(byte);
      if (digit < 0 || this.chunkDigits >= 12) {
        this.fail('a bad chunk size');
        return at;
      }
      this.chunkSize = this.chunkSize * 16 + digit;
      this.chunkDigits++;
    }
    return at;
  }

  /** Trailer fields after the last chunk, up to the blank line that ends the message. */
  private readTrailers(data: Uint8Array, at: number): number {
    while (at < data.length) {
      const byte = data[at++]!;
      this.wireBytes++;
      if (byte === LF) {
        if (this.lineLength === 0) {
          this.complete();
          return at;
        }
        this.lineLength = 0;
      } else if (byte !== CR) this.lineLength++;
    }
    return at;
  }
}

/** Where the head that starts at `from` ends (just after its blank line), or -1 when it is not all here. */
export function headEnd(bytes: Uint8Array, from: number, to: number): number {
  let at = from;
  for (;;) {
    const lf = bytes.indexOf(LF, at);
    if (lf === -1 || lf >= to) return -1;
    // A blank line: LF directly after the previous LF, or after CR LF.
    if (
      lf > from &&
      (bytes[lf - 1] === LF || (bytes[lf - 1] === CR && lf - 2 >= from && bytes[lf - 2] === LF))
    ) {
      return lf + 1;
    }
    at = lf + 1;
  }
}

/** "HTTP/" at `at`. */
function startsWithHttp(bytes: Uint8Array, at: number): boolean {
  return (
    bytes[at] === 72 &&
    bytes[at + 1] === 84 &&
    bytes[at + 2] === 84 &&
    bytes[at + 3] === 80 &&
    bytes[at + 4] === 47
  );
}

/** The status line says HTTP/1.0 ("HTTP/" already checked at `at`). */
function isHttp10(bytes: Uint8Array, at: number): boolean {
  return bytes[at + 5] === 49 && bytes[at + 7] === 48;
}

function isDigit(byte: number): boolean {
  return byte >= 48 && byte <= 57;
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  const lower = byte | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** A decimal field value with optional whitespace around it; -1 when it is not one. */
function decimal(bytes: Uint8Array, at: number, end: number): number {
  let s = at;
  let e = end;
  while (s < e && (bytes[s] === 32 || bytes[s] === 9)) s++;
  while (e > s && (bytes[e - 1] === 32 || bytes[e - 1] === 9)) e--;
  if (s === e || e - s > 15) return -1;
  let value = 0;
  for (let i = s; i < e; i++) {
    if (!isDigit(bytes[i]!)) return -1;
    value = value * 10 + bytes[i]! - 48;
  }
  return value;
}
