// The scenarios as Artillery scripts (artillery.io/docs/reference/test-script), for load from more than
// one machine: Artillery's own runners spread one script over many. Each point of a scenario becomes a
// script with the same request, connections, duration and rate, and checks on each answer's status and
// body length, counted under names the import reads back (artillery-report.ts):
//
//   closed loop  `connections` virtual users arrive in the first second and each sends its next request
//                as soon as the last is answered until the window ends (a loop while `windowOpen`), over a
//                shared pool of `connections` keep-alive connections (config.http.pool);
//   open loop    one virtual user per request arriving at the rate (a phase's arrivalRate), over the same
//                pool.
//
// The checks live in one processor file beside the scripts. Artillery's HTTP engine hands an afterResponse
// hook the body decoded as text, so the byte count survives only for a text body: a binary body (the
// 1 MiB file) is checked by its Content-Length alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ArtilleryPoint {
  readonly scenario: string;
  readonly path: string;
  readonly connections: number;
  readonly closeEachRequest: boolean;
  readonly durationSec: number;
  /** Open loop: requests per second; null: closed loop. */
  readonly rate: number | null;
  readonly timeoutSec: number;
  readonly expect: {
    readonly status: number;
    /** The body's size; null where the body does not matter (a 404 page). */
    readonly bodyBytes: number | null;
    /** The body is ASCII, so its length as text is its length in bytes. */
    readonly bodyIsText: boolean;
  };
}

/** The point's name in the counters and the file: small.c50, latency.c50.r2000, each with its window (d3). */
export function pointId(
  p: Pick<ArtilleryPoint, 'scenario' | 'connections' | 'rate' | 'durationSec'>,
): string {
  const rate = p.rate === null ? '' : `.r${p.rate}`;
  return `${p.scenario}.c${p.connections}${rate}.d${String(p.durationSec).replace('.', '_')}`;
}

export const PROCESSOR_FILE = 'shootout-checks.cjs';

/** A placeholder origin: `artillery run --target http://HOST:PORT` replaces it. */
export const DEFAULT_ORIGIN = 'http://127.0.0.1:7890';

const q = (s: string) => JSON.stringify(s);

export function artilleryScript(p: ArtilleryPoint, origin: string): string {
  const id = pointId(p);
  const phase =
    p.rate === null
      ? [
          `    - name: ${q(`${id}: ${p.connections} connections`)}`,
          '      duration: 1',
          `      arrivalCount: ${p.connections}`,
        ]
      : [
          `    - name: ${q(`${id}: ${p.rate} requests/s`)}`,
          `      duration: ${p.durationSec}`,
          `      arrivalRate: ${p.rate}`,
        ];
  const request = [
    '      - get:',
    `          url: ${q(p.path)}`,
    ...(p.closeEachRequest ? ['          headers:', '            Connection: close'] : []),
    '          afterResponse: "checkAnswer"',
  ];
  // openWindow counts the engine's version for the import, and opens the closed loop's window.
  const flow =
    p.rate === null
      ? [
          '      - function: "openWindow"',
          '      - loop:',
          ...request.map((line) => `    ${line}`),
          '        whileTrue: "windowOpen"',
        ]
      : ['      - function: "openWindow"', ...request];
  return [
    `# ${id}: written by npm run bench -- --export artillery. Run it with`,
    `#   artillery run --target http://HOST:PORT --output ${id}.json ${id}.yml`,
    '# and read the report back with npm run bench -- --import artillery FILE.json --name LABEL',
    'config:',
    `  target: ${q(origin)}`,
    '  phases:',
    ...phase,
    '  http:',
    `    pool: ${p.connections}`,
    `    timeout: ${p.timeoutSec}`,
    `  processor: ${q(`./${PROCESSOR_FILE}`)}`,
    '  variables:',
    `    shootoutPoint: ${q(id)}`,
    `    expectStatus: ${p.expect.status}`,
    `    expectBodyBytes: ${p.expect.bodyBytes ?? -1}`,
    `    bodyIsText: ${p.expect.bodyIsText}`,
    `    windowSeconds: ${p.durationSec}`,
    'scenarios:',
    `  - name: ${q(p.scenario)}`,
    '    flow:',
    ...flow,
    '',
  ].join('\n');
}

/**
 * The hooks every script names. Counters: shootout.<point>.right, .wrong_status and .wrong_length per
 * answer, and shootout.engine.<artillery version> once per virtual user. The window is shared by the
 * virtual users of one worker: it opens with the first of them and lasts windowSeconds.
 */
export const PROCESSOR = `// Written by npm run bench -- --export artillery: the checks and the window of its scripts.
'use strict';

let windowEndsAt = null;

function version() {
  const v = (globalThis.artillery && globalThis.artillery.version) || 'unknown';
  return String(v).replace(/[^\\w-]/g, '_');
}

function openWindow(context, events, done) {
  if (windowEndsAt === null) windowEndsAt = Date.now() + Number(context.vars.windowSeconds) * 1000;
  events.emit('counter', 'shootout.engine.' + version(), 1);
  done();
}

function windowOpen(context, next) {
  next(Date.now() < windowEndsAt);
}

function lengthIsRight(response, vars) {
  const expected = Number(vars.expectBodyBytes);
  if (expected < 0) return true;
  const declared = response.headers['content-length'];
  if (declared !== undefined && Number(declared) !== expected) return false;
  if (String(vars.bodyIsText) !== 'true') return declared !== undefined;
  return Buffer.byteLength(String(response.body ?? ''), 'utf8') === expected;
}

function checkAnswer(request, response, context, events, next) {
  const vars = context.vars;
  const point = 'shootout.' + vars.shootoutPoint;
  if (response.statusCode !== Number(vars.expectStatus)) events.emit('counter', point + '.wrong_status', 1);
  else if (!lengthIsRight(response, vars)) events.emit('counter', point + '.wrong_length', 1);
  else events.emit('counter', point + '.right', 1);
  next();
}

module.exports = { openWindow, windowOpen, checkAnswer };
`;

/** Writes one script per point and the processor beside them; the files written. */
export function writeArtilleryScripts(
  dir: string,
  points: readonly ArtilleryPoint[],
  origin: string,
): string[] {
  mkdirSync(dir, { recursive: true });
  const written = points.map((p) => {
    const file = join(dir, `${pointId(p)}.yml`);
    writeFileSync(file, artilleryScript(p, origin));
    return file;
  });
  writeFileSync(join(dir, PROCESSOR_FILE), PROCESSOR);
  return [...written, join(dir, PROCESSOR_FILE)];
}
