// Before any load: GET / must be the bundled index.html byte for byte, a missing path must be 404, and
// the scenario's own request must get the right answer. A target that fails is recorded, not measured.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExpectedResponse } from '../engines/types.ts';
import { MISSING_PATH, type Scenario } from '../model/scenarios.ts';
import { rawGet } from './raw-get.ts';

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

async function check(
  host: string,
  port: number,
  path: string,
  status: number,
  body: Buffer | null,
  bodyFile: string | null,
  close = true,
): Promise<ExpectedResponse | string> {
  let response: Awaited<ReturnType<typeof rawGet>>;
  // A 256 MiB body takes seconds from a server pinned to one core: 5 s plus a second per 20 MB.
  const timeoutMs = 5000 + Math.ceil((body?.length ?? 0) / 20_000);
  try {
    response = await rawGet(host, port, path, { close, timeoutMs });
  } catch (e) {
    return `GET ${path}: ${(e as Error).message}`;
  }
  if (response.status !== status) return `GET ${path} answered ${response.status}, expected ${status}`;
  if (response.framing === 'none') return `GET ${path} answered ${response.status} without a body`;
  if (body && !response.body.equals(body)) {
    return `GET ${path} answered ${response.body.length} bytes that differ from the ${body.length}-byte file`;
  }
  return {
    status,
    headBytes: response.headBytes,
    bodyBytes: response.body.length,
    framing: response.framing,
    bodyFile: bodyFile ?? bodyFileFor(response.body),
  };
}

/** The server serves the bundled site: GET / is its index.html byte for byte, a missing path is 404. */
export async function checkSite(host: string, port: number, root: string): Promise<{ error: string } | null> {
  const index = await check(host, port, '/', 200, siteFile(root, 'index.html'), join(root, 'index.html'));
  if (typeof index === 'string') return { error: index };
  const missing = await check(host, port, MISSING_PATH, 404, null, '/dev/null');
  return typeof missing === 'string' ? { error: missing } : null;
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

/** Both: the site check, then the scenario's expected answer as this server gives it. */
export async function preflight(
  host: string,
  port: number,
  root: string,
  scenario: Scenario,
): Promise<ExpectedResponse | { error: string }> {
  const site = await checkSite(host, port, root);
  return site ?? expectedAnswer(host, port, root, scenario);
}
