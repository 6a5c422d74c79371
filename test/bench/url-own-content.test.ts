// --url on a server that nobody here wrote, with content of its own (not html/): the answer is learned by
// asking twice, every answer is held to it, a wrong one still counts; an answer whose bytes change per
// request is held to its status and length, and the report says so; the scenarios that ask for the
// bundled site's files say in one line why they cannot run. Short runs on loopback, one at a time.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findingsOf, plainText } from '../../bench/views/findings.ts';
import { REPO_ROOT } from '../../servers/launch.ts';
import { portFromFirstLine, runBench } from '../helpers/bench-run.ts';

const OWN_CONTENT = join(REPO_ROOT, 'test', 'bench', 'servers', 'own-content-server.mjs');
const SHORT = ['--duration', '2', '--repeats', '1', '--warmup', '0'];
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

async function ownContent(mode: 'steady' | 'timestamp' | 'wrong'): Promise<string> {
  const child = spawn(process.execPath, [OWN_CONTENT, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  return `http://127.0.0.1:${await portFromFirstLine(child)}`;
}

describe('--url on a server with content of its own', () => {
  it('measures GET / held to the answer it learned; large says why it cannot run', async () => {
    const origin = await ownContent('steady');
    const { code, results, stderr } = await runBench([
      '--url',
      origin,
      '--name',
      'own',
      '--scenarios',
      'small,large',
      ...SHORT,
    ]);
    expect(code, stderr).toBe(0);
    const small = results.measurements.find((m) => m.scenario === 'small')!;
    expect(small.flags.filter((f) => f !== 'remote' && f !== 'client-bound')).toEqual([]);
    expect(small.answer).toMatchObject({
      path: '/',
      status: 200,
      source: 'learned',
      checked: 'bytes',
      closes: false,
    });
    const rep = small.repetitions[0]!;
    expect(rep.requests).toBeGreaterThan(100);
    expect(rep.wrongAnswers).toBe(0);
    expect(rep.errors).toBe(0);
    // Keep-alive: the connections were opened before the window, none in it.
    expect(small.connectionsPerRequest).toBeLessThan(0.01);
    const large = results.measurements.find((m) => m.scenario === 'large')!;
    expect(large.flags).toContain('not-applicable');
    expect(large.repetitions).toEqual([]);
    expect(large.stderr).toBe(
      `large asks for html/assets/1mib.bin, which this server does not serve (its GET / is not html/index.html): --url ${origin}/YOUR-FILE measures large on a file of yours`,
    );
    // One line, whole in summary.md's list of problems.
    expect(large.stderr!.length).toBeLessThan(200);
    const said = findingsOf(results).map((f) => plainText(f.text));
    expect(said).toContainEqual(
      expect.stringMatching(
        /^own serves content of its own: every answer was held to the one it gave twice before the load \(GET \/ → 200, /,
      ),
    );
  }, 60_000);

  it('counts a wrong answer from it: every tenth one byte short of what it learned', async () => {
    const origin = await ownContent('wrong');
    const { results } = await runBench(['--url', `${origin}/page.html`, '--scenarios', 'small', ...SHORT]);
    const [m] = results.measurements;
    expect(m!.answer).toMatchObject({ path: '/page.html', source: 'learned', checked: 'bytes' });
    const rep = m!.repetitions[0]!;
    expect(m!.flags).toContain('wrong-answers');
    // Every answer is held to the learned length, not a sample: about one in ten.
    expect(rep.wrongAnswers).toBeGreaterThan(rep.requests * 0.08);
    expect(rep.wrongAnswers).toBeLessThan(rep.requests * 0.12);
  }, 60_000);

  it.each(['loadgen', 'wrk'])(
    'holds an answer whose bytes change per request to its status and length, and says so (%s)',
    async (engine) => {
      const origin = await ownContent('timestamp');
      const { results, summary } = await runBench([
        '--url',
        origin,
        '--scenarios',
        'small',
        '--engine',
        engine,
        ...SHORT,
      ]);
      const [m] = results.measurements;
      expect(m!.answer).toMatchObject({ source: 'learned', checked: 'length' });
      expect(m!.repetitions[0]!.requests).toBeGreaterThan(100);
      expect(m!.repetitions[0]!.wrongAnswers).toBe(0);
      expect(m!.flags).not.toContain('wrong-answers');
      expect(summary).toContain(
        'its bytes changed between the two asks (a timestamp in the body?), so those answers were checked by status and length only',
      );
    },
    60_000,
  );

  it('measures a redirect only when asked for it, and says how to ask', async () => {
    const origin = await ownContent('steady');
    const refused = await runBench(['--url', `${origin}/gone`, '--scenarios', 'small', ...SHORT]);
    expect(refused.results.measurements[0]!.flags).toContain('preflight-failed');
    expect(refused.results.measurements[0]!.stderr).toMatch(
      /^preflight: GET \/gone answered 404, expected 200; --expect-status 404 measures this answer as it is/,
    );
    const asked = await runBench([
      '--url',
      `${origin}/gone`,
      '--expect-status',
      '404',
      '--scenarios',
      'small',
      ...SHORT,
    ]);
    const [m] = asked.results.measurements;
    expect(m!.answer).toMatchObject({ path: '/gone', status: 404, source: 'learned' });
    expect(m!.repetitions[0]!.wrongAnswers).toBe(0);
    expect(m!.repetitions[0]!.requests).toBeGreaterThan(100);
  }, 60_000);
});
