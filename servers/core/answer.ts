// What the site answers to a request, as status, header fields and body: independent of who parses
// HTTP and who writes bytes. The hand-written servers serialise it with wire.ts; node:http, Bun.serve
// and Deno.serve hand the same fields to their own response objects.
import { type FileBody, fileBody } from './file-body.ts';
import { type Entry, type FileEntry, type FileSystem, FileTable } from './files.ts';
import { parseHttpDate } from './http-date.ts';
import { encodePath, type ResolvedPath, resolveTarget } from './path.ts';
import { parseRange } from './range.ts';

export type HeaderList = readonly (readonly [string, string])[];

export interface Answer {
  readonly status: number;
  /** Every header field except Date and Connection, which belong to the moment and the connection. */
  readonly headers: HeaderList;
  /**
   * What to send after the head: bytes in memory, a range of a file too large to keep in memory (sent from
   * disk a piece at a time, see file-body.ts), or null when there is no body (HEAD, 304).
   */
  readonly body: Uint8Array | FileBody | null;
  /** Scratch for the serialiser (wire.ts): answers that are reused keep their encoded heads here. */
  wire: unknown;
}

/** The parts of a request the answer depends on; RequestHead from the core parser has them all. */
export interface Question {
  readonly method: string;
  readonly target: string;
  readonly ifNoneMatch: string | null;
  readonly ifModifiedSince: string | null;
  readonly range: string | null;
  /** Absent means no If-Range header. */
  readonly ifRange?: string | null;
}

export const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  206: 'Partial Content',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  414: 'URI Too Long',
  416: 'Range Not Satisfiable',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'HTTP Version Not Supported',
};

const encoder = new TextEncoder();
const HTML = 'text/html; charset=utf-8';

function errorBody(status: number): Uint8Array {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  const detail = status === 404 ? 'file not found' : (REASONS[status] ?? 'error').toLowerCase();
  return encoder.encode(
    `<!doctype html>\n<html><head><title>${title}</title></head>` +
      `<body><h1>${title}</h1><p>${detail}</p></body></html>\n`,
  );
}

function makeError(status: number, withBody: boolean): Answer {
  const body = errorBody(status);
  const headers: [string, string][] = [
    ['Content-Type', HTML],
    ['Content-Length', String(body.length)],
  ];
  if (status === 405) headers.push(['Allow', 'GET, HEAD']);
  return { status, headers, body: withBody ? body : null, wire: null };
}

const errorAnswers = new Map<number, Answer>();
const errorHeadAnswers = new Map<number, Answer>();

/** A reusable error answer (its body is the small HTML page); without the body for HEAD. */
export function errorAnswer(status: number, isHead = false): Answer {
  const table = isHead ? errorHeadAnswers : errorAnswers;
  let a = table.get(status);
  if (a === undefined) {
    a = makeError(status, !isHead);
    table.set(status, a);
  }
  return a;
}

/** Bytes of an answer's body, for the access log. */
export function bodyLength(answer: Answer): number {
  const body = answer.body;
  if (body === null) return 0;
  return body instanceof Uint8Array ? body.length : body.end - body.start;
}

/** The answers every request for an unchanged file shares, built once per version of the file. */
interface FileAnswers {
  readonly get: Answer;
  readonly head: Answer;
  readonly notModified: Answer;
}

function fileAnswers(entry: FileEntry): FileAnswers {
  const cached = entry.cache as FileAnswers | null;
  if (cached !== null) return cached;
  const headers: HeaderList = [
    ['Content-Type', entry.contentType],
    ['Content-Length', String(entry.size)],
    ['Last-Modified', entry.lastModified],
    ['ETag', entry.etag],
    ['Accept-Ranges', 'bytes'],
  ];
  const answers: FileAnswers = {
    get: { status: 200, headers, body: entry.body ?? fileBody(entry, 0, entry.size), wire: null },
    head: { status: 200, headers, body: null, wire: null },
    notModified: {
      status: 304,
      headers: [
        ['Last-Modified', entry.lastModified],
        ['ETag', entry.etag],
      ],
      body: null,
      wire: null,
    },
  };
  entry.cache = answers;
  return answers;
}

/**
 * RFC 9110 §13.1.2: weak comparison, a list of tags or "*". Our tags are strong (files.ts), so only the
 * client's may carry W/.
 */
function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  for (const raw of header.split(',')) {
    const tag = raw.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

/**
 * RFC 9110 §13.1.5: with If-Range, the Range is served only if the file is still the version the client
 * has, named by a strong ETag or by its exact Last-Modified; otherwise the whole file is sent, so a
 * resumed download never splices two versions together.
 */
function rangeStillApplies(ifRange: string | null, entry: FileEntry): boolean {
  if (ifRange === null) return true;
  const v = ifRange.trim();
  // Stryker disable next-line MethodExpression: our tag is quoted at both ends and a date at neither, so a value quoted at one end only matches neither way
  if (v.startsWith('"')) return v === entry.etag;
  return v === entry.lastModified;
}

function notModified(q: Question, entry: FileEntry): boolean {
  if (q.ifNoneMatch !== null) return etagMatches(q.ifNoneMatch, entry.etag);
  if (q.ifModifiedSince !== null) {
    const since = parseHttpDate(q.ifModifiedSince);
    // Last-Modified has one-second resolution, so compare whole seconds.
    return !Number.isNaN(since) && Math.floor(entry.mtimeMs / 1000) * 1000 <= since;
  }
  return false;
}

/** Distinct targets whose resolution is remembered; a scanner sending random paths only resets it. */
const RESOLVED_CACHE_SIZE = 4096;

export class Site {
  readonly files: FileTable;
  /** Target -> resolved path. Resolution is pure string work, so its result never goes stale. */
  private readonly resolved = new Map<string, ResolvedPath>();

  /** `now` and `revalidateMs` are for tests and micro-benchmarks that drive the clock themselves. */
  constructor(fs: FileSystem, root: string, clock: { now?: () => number; revalidateMs?: number } = {}) {
    this.files = new FileTable(fs, root, clock.now, clock.revalidateMs);
  }

  /** Stops the file table's background work, so a shutting-down server can exit. */
  close(): void {
    this.files.close();
  }

  private resolve(target: string): ResolvedPath {
    let r = this.resolved.get(target);
    // Stryker disable next-line ConditionalExpression: resolving again gives the same result, only later
    if (r === undefined) {
      r = resolveTarget(target);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: when the cache is emptied changes its memory, not an answer
      if (this.resolved.size >= RESOLVED_CACHE_SIZE) this.resolved.clear();
      this.resolved.set(target, r);
    }
    return r;
  }

  /** The answer to a request; synchronous whenever the file table holds a fresh entry. */
  answer(q: Question): Answer | Promise<Answer> {
    const isHead = q.method === 'HEAD';
    if (!isHead && q.method !== 'GET') return errorAnswer(405);
    const resolved = this.resolve(q.target);
    if (resolved.kind === 'error') return errorAnswer(resolved.status, isHead);
    const entry = this.files.lookup(resolved.path);
    if (entry instanceof Promise) {
      return entry.then((e) => this.answerEntry(q, isHead, resolved.path, resolved.query, e));
    }
    return this.answerEntry(q, isHead, resolved.path, resolved.query, entry);
  }

  private answerEntry(q: Question, isHead: boolean, path: string, query: string, entry: Entry): Answer {
    if (entry.kind === 'missing') return errorAnswer(404, isHead);
    if (entry.kind === 'redirect') return redirect(encodePath(path) + '/' + query, isHead);
    if (entry.kind === 'unavailable') return errorAnswer(503, isHead);
    const answers = fileAnswers(entry);
    if (notModified(q, entry)) return answers.notModified;
    if (q.range !== null && rangeStillApplies(q.ifRange ?? null, entry)) {
      const range = parseRange(q.range, entry.size);
      if (range === 'unsatisfiable') return unsatisfiable(entry.size, isHead);
      if (range !== null) return this.partial(entry, range.start, range.end, isHead);
    }
    return isHead ? answers.head : answers.get;
  }

  private partial(entry: FileEntry, start: number, end: number, isHead: boolean): Answer {
    const headers: HeaderList = [
      ['Content-Type', entry.contentType],
      ['Content-Length', String(end - start)],
      ['Content-Range', `bytes ${start}-${end - 1}/${entry.size}`],
      ['Last-Modified', entry.lastModified],
      ['ETag', entry.etag],
      ['Accept-Ranges', 'bytes'],
    ];
    const body = isHead
      ? null
      : entry.body !== null
        ? entry.body.subarray(start, end)
        : fileBody(entry, start, end);
    return { status: 206, headers, body, wire: null };
  }

  /** The file system, for the transports that send file bodies from disk. */
  get fileSystem(): FileSystem {
    return this.files.fileSystem;
  }
}

function redirect(location: string, isHead: boolean): Answer {
  const base = errorAnswer(301, isHead);
  return { status: 301, headers: [...base.headers, ['Location', location]], body: base.body, wire: null };
}

function unsatisfiable(size: number, isHead: boolean): Answer {
  const base = errorAnswer(416, isHead);
  return {
    status: 416,
    headers: [...base.headers, ['Content-Range', `bytes */${size}`]],
    body: base.body,
    wire: null,
  };
}
