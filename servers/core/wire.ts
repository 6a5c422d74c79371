// An Answer as bytes on the wire, for the servers that write their own HTTP. Heads of reused answers
// (every GET of an unchanged file shares one) are encoded once per second and per connection mode,
// since only the Date changes; small bodies are joined to their head so a response is one write.
import type { Answer } from './answer.ts';
import { REASONS } from './answer.ts';
import { currentHttpDate } from './http-date.ts';

/**
 * Which Connection header the response carries: none (HTTP/1.1 keep-alive), "close", or
 * "keep-alive" (an HTTP/1.0 client that asked for it).
 */
export type ConnectionMode = 0 | 1 | 2;
export const KEEP_ALIVE_11: ConnectionMode = 0;
export const CLOSE: ConnectionMode = 1;
export const KEEP_ALIVE_10: ConnectionMode = 2;

const CONNECTION_LINES = ['', 'Connection: close\r\n', 'Connection: keep-alive\r\n'] as const;

/** Bodies up to this size are copied behind their head; larger ones go out as a second buffer. */
const JOIN_LIMIT = 64 * 1024;

const encoder = new TextEncoder();

type Parts = [Uint8Array] | [Uint8Array, Uint8Array];

interface WireCache {
  date: string;
  /** Per ConnectionMode: [head+body] when the body is small, [head, body] when it is large. */
  readonly parts: (Parts | undefined)[];
}

export function encodeHead(answer: Answer, mode: ConnectionMode, date: string): Uint8Array {
  let head = `HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? 'Unknown'}\r\nDate: ${date}\r\n`;
  for (const [name, value] of answer.headers) head += `${name}: ${value}\r\n`;
  head += CONNECTION_LINES[mode] + '\r\n';
  return encoder.encode(head);
}

function build(answer: Answer, mode: ConnectionMode, date: string): Uint8Array {
  const head = encodeHead(answer, mode, date);
  const body = answer.body;
  // Stryker disable next-line ConditionalExpression: joining an empty body gives the head's bytes anyway
  if (!(body instanceof Uint8Array) || body.length === 0 || body.length > JOIN_LIMIT) return head;
  const joined = new Uint8Array(head.length + body.length);
  joined.set(head, 0);
  joined.set(body, head.length);
  return joined;
}

/**
 * The bytes of a response: one buffer for small bodies, head then body for large ones; the head alone when
 * the body is a file sent from disk (the connection sends it). The returned buffers are shared between
 * responses and must not be modified.
 */
export function serialize(answer: Answer, mode: ConnectionMode, now?: number): Readonly<Parts> {
  const date = currentHttpDate(now);
  let cache = answer.wire as WireCache | null;
  if (cache === null) {
    cache = { date, parts: [] };
    answer.wire = cache;
  } else if (cache.date !== date) {
    cache.date = date;
    cache.parts.length = 0;
  }
  // The parts array itself is cached too: nothing is allocated for a response that was built this second.
  let parts = cache.parts[mode];
  if (parts === undefined) {
    const first = build(answer, mode, date);
    const body = answer.body;
    parts = body instanceof Uint8Array && body.length > JOIN_LIMIT ? [first, body] : [first];
    cache.parts[mode] = parts;
  }
  return parts;
}
