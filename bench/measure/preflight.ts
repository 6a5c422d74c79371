// Before any load. A server started here must serve the bundled site: GET / is its index.html byte for
// byte. Each scenario's own request must then get its right answer: the site's file, or for the missing
// scenario a 404, and only that scenario asks for a missing path. A --url server with content of its own
// is asked twice instead, and held to what it answered. A target that fails is recorded, not measured.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExpectedResponse } from '../engines/types.ts';
import type { Scenario } from '../model/scenarios.ts';
import { rawGet } from './raw-get.ts';
import { closesConnection, type RawResponse } from './responses.ts';

let bodiesDir: string | null = null;
let bodyCount = 0;

/** A body that is not a file of the site (a 404 page) goes to a temporary file the engines can compare with. */
function bodyFileFor(body: Buffer): string {
  if (bodiesDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-bodies-'));
    bodiesDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const path = join(bodiesDir, `body-${++bodyCount}`);
  writeFileSync(path, body);
  return path;
}

const fileCache = new Map<string, Buffer>();

function siteFile(root: string, file: string): Buffer {
  const path = join(root, file);
  let bytes = fileCache.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fileCache.set(path, bytes);
  }
  return bytes;
}

/** One GET as the load will ask it; a 256 MiB body from a server pinned to one core takes seconds. */
async function ask(
  host: string,
  port: number,
  path: string,
  close: boolean,
  expectedBytes = 0,
): Promise<RawResponse | string> {
  // 5 s, plus a second per 20 MB.
  const timeoutMs = 5000 + Math.ceil(expectedBytes / 20_000);
  try {
    return await rawGet(host, port, path, { close, timeoutMs });
  } catch (e) {
    return `GET ${path}: ${(e as Error).message}`;
  }
}

/** The answer's status line, with where a redirect points: what a user needs to choose the URL. */
function described(path: string, r: RawResponse): string {
  const location = r.headers['location'];
  return `GET ${path} answered ${r.status}${location ? ` (Location: ${location})` : ''}`;
}

function expected(
  r: RawResponse,
  bodyFile: string,
  source: ExpectedResponse['source'],
  match: ExpectedResponse['match'],
): ExpectedResponse {
  return {
    status: r.status,
    headBytes: r.headBytes,
    bodyBytes: r.body.length,
    // No body at all (a 304, a 204) reads as a body of no bytes.
    framing: r.framing === 'none' ? 'length' : r.framing,
    bodyFile,
    source,
    match,
    closes: closesConnection(r),
  };
}

async function check(
  host: string,
  port: number,
  path: string,
  status: number,
  body: Buffer | null,
  bodyFile: string | null,
  close = true,
): Promise<ExpectedResponse | string> {
  const response = await ask(host, port, path, close, body?.length ?? 0);
  if (typeof response === 'string') return response;
  if (response.status !== status)
    return `${described(path, response)}, expected ${status}${statusAdvice(response, status)}`;
  if (response.framing === 'none') return `GET ${path} answered ${response.status} without a body`;
  if (body && !response.body.equals(body)) {
    return `GET ${path} answered ${response.body.length} bytes that differ from the ${body.length}-byte file`;
  }
  return expected(response, bodyFile ?? bodyFileFor(response.body), 'site', 'bytes');
}

/** The server serves the bundled site: GET / is its index.html byte for byte. */
export async function checkSite(host: string, port: number, root: string): Promise<{ error: string } | null> {
  const index = await check(host, port, '/', 200, siteFile(root, 'index.html'), join(root, 'index.html'));
  return typeof index === 'string' ? { error: index } : null;
}

/**
 * Whether a --url server serves the bundled site (GET / is its index.html byte for byte), so the scenarios
 * that ask for the site's files can run on it; a server it cannot reach is an error.
 */
export async function servesBundledSite(
  host: string,
  port: number,
  root: string,
): Promise<boolean | { error: string }> {
  const index = siteFile(root, 'index.html');
  const response = await ask(host, port, '/', true, index.length);
  if (typeof response === 'string') return { error: response };
  return response.status === 200 && response.body.equals(index);
}

/** The scenario's own request, asked as the load will ask it (keep-alive or not: the head differs by a Connection header). */
export async function expectedAnswer(
  host: string,
  port: number,
  root: string,
  scenario: Scenario,
): Promise<ExpectedResponse | { error: string }> {
  const body = scenario.file === null ? null : siteFile(root, scenario.file);
  const file = scenario.file === null ? null : join(root, scenario.file);
  const own = await check(
    host,
    port,
    scenario.path,
    scenario.expectStatus,
    body,
    file,
    scenario.closeEachRequest,
  );
  return typeof own === 'string' ? { error: own } : own;
}

/** Both, for a server started on the bundled site: the site check, then the scenario's expected answer. */
export async function preflight(
  host: string,
  port: number,
  root: string,
  scenario: Scenario,
): Promise<ExpectedResponse | { error: string }> {
  const site = await checkSite(host, port, root);
  return site ?? expectedAnswer(host, port, root, scenario);
}

/** Why no answer can be learned from these two: they disagree on something every answer is held to. */
function disagreement(path: string, a: RawResponse, b: RawResponse): string | null {
  const what = (r: RawResponse) => `${r.status} with a ${r.headBytes}-byte head and ${r.body.length} bytes`;
  if (a.status !== b.status || a.body.length !== b.body.length || a.headBytes !== b.headBytes) {
    return `two answers to GET ${path} disagree (${what(a)}, then ${what(b)}): there is no one answer to check every answer against`;
  }
  return null;
}

/**
 * A server with content of its own: its answer to `path` is learned by asking twice, the way the load asks.
 * They must agree on status and lengths; where their bytes differ too (a timestamp in the body), every
 * answer is held to its status and lengths only (`match: 'length'`). A status other than `status` is never
 * measured silently: a redirect is measured only when the user asks for it (--expect-status).
 */
export async function learnAnswer(
  host: string,
  port: number,
  path: string,
  status: number,
  close: boolean,
): Promise<ExpectedResponse | { error: string }> {
  const first = await ask(host, port, path, close);
  if (typeof first === 'string') return { error: first };
  if (first.status !== status) {
    return { error: `${described(path, first)}, expected ${status}${statusAdvice(first, status)}` };
  }
  // A timestamp in a body changes once a second: the second ask goes in the next second of the clock.
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  const second = await ask(host, port, path, close, first.body.length);
  if (typeof second === 'string') return { error: second };
  const differs = disagreement(path, first, second);
  if (differs !== null) return { error: differs };
  const match = first.body.equals(second.body) ? 'bytes' : 'length';
  return expected(first, bodyFileFor(first.body), 'learned', match);
}

/** What the user can do about an answer of another status than the one expected. */
function statusAdvice(r: RawResponse, wanted: number): string {
  if (wanted === 404) {
    return '; only the missing scenario asks for a missing path (--url http://HOST:PORT/A-PATH --expect-status 404 measures one it answers 404)';
  }
  if (r.status >= 300 && r.status < 400 && r.headers['location']) {
    return `; give --url the address it points to, or --expect-status ${r.status} to measure the redirect itself`;
  }
  return `; --expect-status ${r.status} measures this answer as it is`;
}
