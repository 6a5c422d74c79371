// The wrk engine on the huge scenario's body, far over WRK_MAX_CHECKED_BODY: the script must not ask wrk
// for bodies, or wrk copies each one into a buffer grown 1 KiB at a time and hands it to Lua as a string,
// and stalls (0 answers and timeouts, measured). Its answers are then checked by wrk's totals.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LoadEngine, LoadSpec } from '../../../bench/engines/types.ts';
import { startWrk, WRK_CANDIDATES, WRK_MAX_CHECKED_BODY } from '../../../bench/engines/wrk.ts';
import { preflight } from '../../../bench/measure/preflight.ts';
import { HUGE_BYTES, SCENARIOS } from '../../../bench/model/scenarios.ts';
import { writeRandom } from '../../../bench/plan/site.ts';
import { DEFAULT_ROOT } from '../../../servers/launch.ts';
import { type RunningServer, startServer } from '../../helpers/server-process.ts';

let dir: string;
let server: RunningServer;
let engine: LoadEngine;
let spec: LoadSpec;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wrk-big-'));
  cpSync(DEFAULT_ROOT, dir, { recursive: true });
  writeRandom(join(dir, 'big.bin'), HUGE_BYTES);
  server = await startServer('async@node', ['--root', dir]);
  const scenario = { ...SCENARIOS.huge, path: '/big.bin', file: 'big.bin' };
  const expected = await preflight('127.0.0.1', server.port, dir, scenario);
  if ('error' in expected) throw new Error(expected.error);
  const binary = WRK_CANDIDATES[0]!;
  engine = startWrk(binary, null, 1);
  spec = {
    origin: `http://127.0.0.1:${server.port}`,
    path: '/big.bin',
    // Two connections, so whole answers complete within the window even while other test files share the cores.
    connections: 2,
    durationSec: 4,
    closeEachRequest: false,
    pipelining: 1,
    rate: null,
    // wrk times a whole answer, and 256 MiB can take seconds while other test files share the cores.
    timeoutMs: 15_000,
    expect: expected,
    idleConnections: 0,
  };
});

afterAll(async () => {
  await engine?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('measures a body too large for the Lua check without errors or timeouts, checked by its totals', async () => {
  const out = await engine.load(spec, {}, new AbortController().signal);
  expect(HUGE_BYTES).toBeGreaterThan(WRK_MAX_CHECKED_BODY);
  expect(out.requests).toBeGreaterThan(0);
  expect(out.errors).toBe(0);
  expect(out.timeouts).toBe(0);
  expect(out.wrongAnswers).toBe(0);
  expect(out.bytes).toBeGreaterThanOrEqual(out.requests * spec.expect.bodyBytes);
}, 30_000);
