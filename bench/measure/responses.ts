// HTTP/1.1 responses read from raw bytes, kept exact: the preflight compares bodies byte for byte and
// needs the size of each head, and the tests must see exactly what a server sent. Deliberately plain:
// it trusts nothing of the server's and none of the project's request parser.

export interface RawResponse {
  readonly status: number;
  readonly statusLine: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Record<string, string>;
  /** The body, decoded from chunked framing when it was chunked. */
  readonly body: Buffer;
  /** Bytes of the head: status line to the blank line included. */
  readonly headBytes: number;
  /** How the body was delimited: Content-Length, chunked, the server's close, or no body at all (HEAD, 304). */
  readonly framing: 'length' | 'chunked' | 'close' | 'none';
}

export interface Parsed {
  /** Every complete response, in order. */
  readonly responses: RawResponse[];
  /** Bytes after the last complete response. */
  readonly rest: Buffer;
  /** Set when the bytes at `rest` cannot be a response (not HTTP, a broken chunk size). */
  readonly error: string | null;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/** A chunked body from `at`: the decoded body and where the message ends (after the trailers), or null if incomplete. */
function chunkedBody(data: Buffer, at: number): { body: Buffer; end: number } | { error: string } | null {
  const parts: Buffer[] = [];
  let p = at;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, p);
    if (lineEnd < 0) return null;
    const sizeText = data.subarray(p, lineEnd).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return { error: `bad chunk size ${JSON.stringify(sizeText)}` };
    const size = Number.parseInt(sizeText, 16);
    if (size === 0) {
      // Trailer fields, then the blank line that ends the message.
      let q = lineEnd + 2;
      for (;;) {
        const end = data.indexOf(CRLF, q);
        if (end < 0) return null;
        if (end === q) return { body: Buffer.concat(parts), end: end + 2 };
        q = end + 2;
      }
    }
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return null;
    parts.push(data.subarray(start, start + size));
    p = start + size + 2;
  }
}

/**
 * Consecutive responses from raw bytes. `ended`: the connection is closed, so a response without
 * Content-Length or chunked framing ends here (RFC 9112 §6.3). `noBody(i)`: the i-th answers a HEAD.
 */
export function parseResponses(
  data: Buffer,
  ended: boolean,
  noBody: (index: number) => boolean = () => false,
): Parsed {
  const responses: RawResponse[] = [];
  let at = 0;
  const stop = (error: string | null = null): Parsed => ({ responses, rest: data.subarray(at), error });
  while (at < data.length) {
    const headEnd = data.indexOf(HEAD_END, at);
    if (headEnd < 0) return stop();
    const lines = data.subarray(at, headEnd).toString('latin1').split('\r\n');
    const statusLine = lines[0]!;
    const match = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
    if (!match) return stop(`not an HTTP response: ${JSON.stringify(statusLine.slice(0, 60))}`);
    const status = Number(match[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const headBytes = headEnd + 4 - at;
    const bodyStart = headEnd + 4;
    const base = { status, statusLine, headers, headBytes };
    if (noBody(responses.length) || status === 304 || status === 204 || (status >= 100 && status < 200)) {
      responses.push({ ...base, body: Buffer.alloc(0), framing: 'none' });
      at = bodyStart;
    } else if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      const chunked = chunkedBody(data, bodyStart);
      if (chunked === null) return stop(ended ? 'the chunked body ended early' : null);
      if ('error' in chunked) return stop(chunked.error);
      responses.push({ ...base, body: chunked.body, framing: 'chunked' });
      at = chunked.end;
    } else if (headers['content-length'] !== undefined) {
      const size = Number(headers['content-length']);
      if (data.length < bodyStart + size) {
        return stop(ended ? `the body ended after ${data.length - bodyStart} of ${size} bytes` : null);
      }
      responses.push({ ...base, body: data.subarray(bodyStart, bodyStart + size), framing: 'length' });
      at = bodyStart + size;
    } else {
      if (!ended) return stop();
      responses.push({ ...base, body: data.subarray(bodyStart), framing: 'close' });
      at = data.length;
    }
  }
  return stop();
}

/**
 * The server closes the connection after this answer (RFC 9112 §9.3): it says Connection: close, or it
 * answers in HTTP/1.0 without offering keep-alive.
 */
export function closesConnection(r: Pick<RawResponse, 'statusLine' | 'headers'>): boolean {
  const options = (r.headers['connection'] ?? '')
    .toLowerCase()
    .split(',')
    .map((t) => t.trim());
  if (options.includes('close')) return true;
  return r.statusLine.startsWith('HTTP/1.0') && !options.includes('keep-alive');
}
