// Skips a chunked request body (RFC 9112 §7.1). The server never reads request bodies, but it must find
// exactly where one ends: the next request on the connection starts right after it.

import { COLON, CR, FIELD_VALUE, HEX_VALUE, HTAB, LF, SEMICOLON, SP, TCHAR } from './bytes.ts';
import { LIMITS } from './request.ts';

export type ChunkedResult =
  | { kind: 'more'; consumed: number }
  | { kind: 'done'; consumed: number }
  | { kind: 'error'; status: 400 | 431; reason: string };

/** Twelve hex digits are 48 bits: more than any body, still exact in a double. */
const MAX_SIZE_DIGITS = 12;
/** Chunk extensions are unbounded in the grammar; a bound keeps a hostile size line from being endless. */
const MAX_SIZE_LINE_BYTES = 4096;
const MAX_TRAILER_BYTES = LIMITS.maxHeadBytes;

// Where the decoder is: what the next byte must be.
const SIZE = 0; // hex digits of chunk-size
const AFTER_SIZE = 1; // whitespace between chunk-size and ";" or CR
const EXTENSION = 2; // inside chunk-ext, up to CR
const SIZE_LF = 3; // LF ending the chunk-size line
const DATA = 4; // chunk-data, `remaining` bytes left
const DATA_CR = 5; // CR after chunk-data
const DATA_LF = 6; // LF after chunk-data
const TRAILER_START = 7; // first byte of a trailer line, or CR of the final blank line
const TRAILER_NAME = 8;
const TRAILER_VALUE = 9;
const TRAILER_LF = 10;
const FINAL_LF = 11;
const DONE = 12;

type Failure = Extract<ChunkedResult, { kind: 'error' }>;

function bad(reason: string): Failure {
  return { kind: 'error', status: 400, reason };
}

export class ChunkedDecoder {
  private state = SIZE;
  private digits = 0;
  private size = 0;
  private remaining = 0;
  private lineBytes = 0;
  private trailerBytes = 0;
  private failure: Failure | null = null;

  /** Consumes buf[start..end). After 'done' the rest of the bytes belong to the next request. */
  feed(buf: Uint8Array, start: number, end: number): ChunkedResult {
    if (this.state === DONE) return { kind: 'done', consumed: 0 };
    if (this.failure !== null) return this.failure;
    let i = start;
    while (i < end) {
      if (this.state === DATA) {
        const take = Math.min(this.remaining, end - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = DATA_CR;
        continue;
      }
      const failure = this.step(buf[i++]!);
      if (failure !== null) {
        this.failure = failure;
        return failure;
      }
      if (this.state === DONE) return { kind: 'done', consumed: i - start };
    }
    return { kind: 'more', consumed: end - start };
  }

  /** One byte outside chunk-data; null when it fits. */
  private step(b: number): Failure | null {
    switch (this.state) {
      case SIZE:
        return this.sizeByte(b);
      case AFTER_SIZE:
      case EXTENSION:
        return this.sizeLineByte(b);
      case SIZE_LF:
        if (b !== LF) return bad('bare CR in chunk size line');
        this.endSizeLine();
        return null;
      case DATA_CR:
        if (b !== CR) return bad('chunk data longer than its size');
        this.state = DATA_LF;
        return null;
      case DATA_LF:
        if (b !== LF) return bad('chunk data not followed by CRLF');
        this.state = SIZE;
        return null;
      case FINAL_LF:
        if (b !== LF) return bad('bare CR ending the trailer section');
        this.state = DONE;
        return null;
      default:
        return this.trailerByte(b);
    }
  }

  private sizeByte(b: number): Failure | null {
    const value = HEX_VALUE[b]!;
    if (value !== 0xff) {
      if (++this.digits > MAX_SIZE_DIGITS) return bad(`chunk size longer than ${MAX_SIZE_DIGITS} hex digits`);
      this.size = this.size * 16 + value;
      return null;
    }
    if (this.digits === 0) {
      return bad(b === CR || b === SEMICOLON ? 'empty chunk size' : 'invalid chunk size');
    }
    this.lineBytes = this.digits;
    this.state = AFTER_SIZE;
    return this.step(b);
  }

  /** A byte of the chunk-size line after the digits: optional whitespace, then extensions, up to CR. */
  private sizeLineByte(b: number): Failure | null {
    if (b === CR) {
      this.state = SIZE_LF;
      return null;
    }
    if (++this.lineBytes > MAX_SIZE_LINE_BYTES) {
      return bad(`chunk size line longer than ${MAX_SIZE_LINE_BYTES} bytes`);
    }
    if (b === LF) return bad('bare LF in chunk size line');
    if (this.state === EXTENSION) return FIELD_VALUE[b] === 1 ? null : bad('control byte in chunk extension');
    if (b === SEMICOLON) this.state = EXTENSION;
    else if (b !== SP && b !== HTAB) return bad('invalid byte after chunk size');
    return null;
  }

  private endSizeLine(): void {
    if (this.size === 0) {
      this.state = TRAILER_START;
      return;
    }
    this.remaining = this.size;
    this.state = DATA;
    this.digits = 0;
    this.size = 0;
  }

  /** Trailer fields get the same checks as header fields; their content is ignored. */
  private trailerByte(b: number): Failure | null {
    if (this.state === TRAILER_START && b === CR) {
      this.state = FINAL_LF;
      return null;
    }
    if (++this.trailerBytes > MAX_TRAILER_BYTES) {
      return { kind: 'error', status: 431, reason: `trailer section larger than ${MAX_TRAILER_BYTES} bytes` };
    }
    switch (this.state) {
      case TRAILER_START:
        if (TCHAR[b] === 1) {
          this.state = TRAILER_NAME;
          return null;
        }
        if (b === SP || b === HTAB) return bad('obs-fold (trailer line starting with whitespace)');
        if (b === COLON) return bad('empty trailer field name');
        return bad(b === LF ? 'bare LF in trailer section' : 'invalid byte in trailer field name');
      case TRAILER_NAME:
        if (TCHAR[b] === 1) return null;
        if (b === COLON) {
          this.state = TRAILER_VALUE;
          return null;
        }
        if (b === SP || b === HTAB) return bad('whitespace between trailer field name and colon');
        if (b === CR || b === LF) return bad('trailer line without colon');
        return bad('invalid byte in trailer field name');
      case TRAILER_VALUE:
        if (FIELD_VALUE[b] === 1) return null;
        if (b === CR) {
          this.state = TRAILER_LF;
          return null;
        }
        return bad(b === LF ? 'bare LF in trailer section' : 'invalid byte in trailer field value');
      default:
        if (b !== LF) return bad('bare CR in trailer section');
        this.state = TRAILER_START;
        return null;
    }
  }
}
