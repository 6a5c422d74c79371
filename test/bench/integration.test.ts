// Real runs of the harness on loopback: short, and in one file so they never overlap (two benchmarks at
// once would share the two cores). Nothing here asserts on speed, only on what the harness records.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/cli/bench-args.ts';
import type { Results } from '../../bench/model/schema.ts';
import { roundVisits } from '../../bench/plan/plan.ts';
import { defaultSplit, resolveConfig } from '../../bench/plan/resolve.ts';
import { validateResults } from '../../bench/results/earlier-versions.ts';
import { relativeHalfWidth } from '../../bench/results/intervals.ts';
import { findingsOf, plainText } from '../../bench/views/findings.ts';
import { formatFigure } from '../../bench/views/format.ts';
import { placeText, rankAll } from '../../bench/views/ranking.ts';
import { REPO_ROOT } from '../../servers/launch.ts';
import { makeMeasurement } from './fixtures.ts';

const NOT_A_RESULT = ['wrong-answers', 'start-failed', 'preflight-failed', 'died'];
/** One repetition of one second, no warm-up: enough to see what the harness records. */
const ONE_SECOND = ['--duration', '1', '--repeats', '1', '--warmup', '0'];

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function startBench(args: readonly string[]): { child: ChildProcess; finished: Promise<Finished> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench', 'cli', 'bench.ts'), ...args],
    {
      cwd: REPO_ROOT,
      // Plain progress lines, as in CI.
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const finished = new Promise<Finished>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, finished };
}

function readValidResults(path: string): Results {
  const checked = validateResults(JSON.parse(readFileSync(path, 'utf8')));
  if ('error' in checked) throw new Error(checked.error);
  return checked;
}

function parentOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function commandOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return null;
  }
}

/** Every process descended from root, with its command line. */
function descendants(root: number): Map<number, string> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(entry);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found = new Map<number, string>();
  const pending = [...(children.get(root) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    const command = commandOf(pid);
    if (command) found.set(pid, command);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}

function isRunning(pid: number, command: string): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && commandOf(pid) === command;
  } catch {
    return false;
  }
}

describe('bench on real targets', () => {
  it('measures nginx and async@node and writes valid results, summary and report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-run-'));
    const { finished } = startBench([
      '--targets',
      'nginx,async@node',
      '--scenarios',
      'small,missing',
      ...ONE_SECOND,
      '--out',
      out,
      '--json',
    ]);
    const { code, stdout, stderr } = await finished;
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/\[1\/2\] round 1 (nginx|async@node) small c=50: [\d,]+ req\/s/);

    const results = readValidResults(join(out, 'results.json'));
    expect(validateResults(JSON.parse(stdout))).toEqual(results);
    expect(results.complete).toBe(true);
    // The default engine is the project's own.
    expect(results.environment.engine.name).toBe('loadgen');
    // The machine's default split: half the CPUs each (0 and 1 on two), apart.
    expect(results.environment.pinning).toEqual({
      enabled: true,
      ...defaultSplit(cpus().length),
      shared: false,
    });
    expect(results.implementations.map((i) => i.id)).toEqual(['nginx', 'async']);
    expect(results.measurements.map((r) => `${r.target} ${r.scenario}`)).toEqual([
      'nginx small',
      'nginx missing',
      'async@node small',
      'async@node missing',
    ]);
    for (const m of results.measurements) {
      expect(
        m.flags.filter((f) => NOT_A_RESULT.includes(f)),
        `${m.target} ${m.scenario}`,
      ).toEqual([]);
      expect(m.repetitions).toHaveLength(1);
      const rep = m.repetitions[0]!;
      expect(rep.requests).toBeGreaterThan(0);
      expect(rep.wrongAnswers).toBe(0);
      expect(rep.errors).toBe(0);
      // Bytes count as they arrive: the complete answers, plus at most one partial answer per connection
      // still in flight when the window closed.
      const bytes = rep.bytesPerSec * rep.elapsedSec!;
      const body = m.scenario === 'missing' ? 0 : readFileSync(join(REPO_ROOT, 'html', 'index.html')).length;
      expect(bytes).toBeGreaterThan(rep.requests! * body);
      expect(bytes).toBeLessThan((rep.requests! + m.connections) * (body + 400));
      expect(rep.requestsPerSec).toBeCloseTo(rep.requests! / rep.elapsedSec!, 6);
      expect(rep.perSecond.reduce((a, b) => a + b, 0)).toBe(rep.requests);
      expect(rep.perSecond.length).toBeGreaterThan(0);
      expect(m.latencyMs.p99).toBeGreaterThan(0);
      expect(m.server.cpuPercent).toBeGreaterThan(0);
      expect(m.server.rssPeakBytes).toBeGreaterThan(0);
      expect(m.client.cpuPercent).toBeGreaterThan(0);
      // 404 is the right answer for missing; it is still counted as non-2xx: every answer to a request
      // sent in the window, those that came after its end included (answered, not requests).
      if (m.scenario === 'missing') expect(m.non2xx).toBe(rep.answered);
      else expect(m.non2xx).toBe(0);
    }
    expect(
      results.measurements.filter((r) => r.target === 'nginx').every((r) => r.flags.includes('reference')),
    ).toBe(true);
    // A timed-out request may void a run on a busy machine, not all four.
    expect(results.measurements.filter((r) => !r.flags.includes('errors')).length).toBeGreaterThan(1);
    // summary.md says what results.json says: each run's row in its scenario's table has its req/s.
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const m of results.measurements) {
      const section = summary.split('\n## ').find((part) => part.startsWith(`${m.scenario}:`));
      expect(section, m.scenario).toBeDefined();
      const row = section!.split('\n').find((line) => line.includes(`| \`${m.target}\` |`));
      // A request left unanswered for the timeout (500 ms in a one-second run) on a machine busy with the
      // other test files makes the run no result: its row must then say so, with no figure.
      if (m.flags.includes('errors')) {
        expect(row, `${m.target} ${m.scenario}`).toMatch(/^\| [^|]* \| `[^`]+` \| – \|.*\| errors \|$/);
        continue;
      }
      const bound = m.flags.includes('client-bound') ? '≥ ' : '';
      expect(row, `${m.target} ${m.scenario}`).toContain(
        `| ${bound}${formatFigure('req/s', m.requestsPerSec.mean)} |`,
      );
    }
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  }, 60_000);

  it('measures with wrk too, with the same fields, and counts TIME_WAIT after close', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
    const { finished } = startBench([
      '--engine',
      'wrk',
      '--targets',
      'nginx',
      '--scenarios',
      'small,close',
      ...ONE_SECOND,
      '--out',
      out,
    ]);
    const { code, stderr } = await finished;
    expect(code, stderr).toBe(0);
    const results = readValidResults(join(out, 'results.json'));
    expect(results.environment.engine.name).toBe('wrk');
    const [small, close] = results.measurements;
    expect(small!.repetitions[0]!.requests).toBeGreaterThan(0);
    // wrk counts nothing per second: no estimate stands in for a count.
    expect(small!.repetitions[0]!.perSecond).toEqual([]);
    expect(small!.flags).not.toContain('wrong-answers');
    expect(close!.scenario).toBe('close');
    // The server closes first, so TIME_WAIT lands on its side.
    expect(close!.probes.timeWait!.server).toBeGreaterThan(0);
  }, 60_000);

  it('measures with autocannon too, and says which engine it was', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-autocannon-'));
    const { finished } = startBench([
      '--engine',
      'autocannon',
      '--targets',
      'async@node',
      '--scenarios',
      'small',
      ...ONE_SECOND,
      '--out',
      out,
    ]);
    const { code, stderr } = await finished;
    expect(code, stderr).toBe(0);
    const results = readValidResults(join(out, 'results.json'));
    expect(results.environment.engine.name).toBe('autocannon');
    const rep = results.measurements[0]!.repetitions[0]!;
    expect(rep.requests).toBeGreaterThan(0);
    expect(rep.wrongAnswers).toBe(0);
  }, 60_000);

  it("measures the lesson's server, whose answers end when it closes, with loadgen; the others say they cannot", async () => {
    const runWith = async (engine: string) => {
      const out = mkdtempSync(join(tmpdir(), `bench-lesson-${engine}-`));
      const { finished } = startBench(
        ['--engine', engine, '--targets', 'lesson', '--scenarios', 'close,small'].concat([
          '--duration',
          '1',
          '--repeats',
          '1',
          '--warmup',
          '0',
          '--out',
          out,
        ]),
      );
      const { code, stderr } = await finished;
      expect(code, stderr).toBe(0);
      return readValidResults(join(out, 'results.json'));
    };
    const own = await runWith('loadgen');
    expect(own.measurements.map((r) => r.scenario)).toEqual(['small', 'close']);
    for (const m of own.measurements) {
      // Measured, as a reference; client-bound may be true (a connection per request costs the client most).
      expect(m.flags, m.scenario).toContain('reference');
      expect(
        m.flags.filter((f) => [...NOT_A_RESULT, 'unsupported'].includes(f)),
        m.scenario,
      ).toEqual([]);
      const rep = m.repetitions[0]!;
      expect(rep.requests).toBeGreaterThan(100);
      expect(rep.wrongAnswers).toBe(0);
      // An engine that cannot tell where an answer ending at the close ends fails them all. A blocking
      // server beside another test file's load, with no warm-up, may drop a few connections of its own
      // (once in CI: close flagged errors); that is the server's, and stays under 1 %.
      expect(rep.errors + rep.timeouts, m.scenario).toBeLessThanOrEqual(rep.requests / 100);
    }
    for (const engine of ['wrk', 'autocannon']) {
      const other = await runWith(engine);
      for (const m of other.measurements) {
        expect(m.flags, `${engine} ${m.scenario}`).toContain('unsupported');
        expect(m.repetitions).toEqual([]);
        expect(m.stderr).toMatch(new RegExp(`^${engine}: .*(Content-Length|no Content-Length)`));
      }
    }
  }, 90_000);

  it('holds idle connections beside the load, and a hundred slow clients, at a small scale', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-idle-'));
    const { finished } = startBench(
      ['--targets', 'async@node,sequential@node', '--scenarios', 'slowloris,idle']
        .concat(['--idle-connections', '300', '--slow-clients', '100'])
        .concat(['--duration', '2', '--repeats', '1', '--warmup', '0', '--out', out]),
    );
    const { code, stderr } = await finished;
    expect(code, stderr).toBe(0);
    const results = readValidResults(join(out, 'results.json'));
    const of = (target: string, scenario: string) =>
      results.measurements.find((m) => m.target === target && m.scenario === scenario)!;

    const asyncIdle = of('async@node', 'idle');
    expect(asyncIdle.probes.idleMemory).toMatchObject({ connections: 300, stillOpen: 300 });
    expect(asyncIdle.probes.idleMemory!.rssPerIdleConnectionBytes).not.toBeNull();
    expect(asyncIdle.probes.idleMemory!.rssAfterBytes).toBeGreaterThan(0);
    expect(asyncIdle.repetitions[0]!.requests).toBeGreaterThan(0);
    expect(asyncIdle.flags.filter((f) => NOT_A_RESULT.includes(f))).toEqual([]);
    // One connection at a time: each idle connection is answered and closed, none is held.
    expect(of('sequential@node', 'idle').probes.idleMemory).toMatchObject({ connections: 300, stillOpen: 0 });

    const asyncSlow = of('async@node', 'slowloris');
    expect(asyncSlow.probes.slowClients?.count).toBe(100);
    expect(asyncSlow.repetitions[0]!.requests).toBeGreaterThan(0);
    expect(asyncSlow.timeouts).toBe(0);
    // The first slow client in its queue holds the sequential server: the fast requests time out.
    expect(of('sequential@node', 'slowloris').timeouts).toBeGreaterThan(0);
  }, 90_000);

  it('stops every process it started when its reader goes away (| head), and keeps what finished', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-epipe-'));
    const { child, finished } = startBench([
      '--targets',
      'async@node',
      '--scenarios',
      'small',
      ...['--duration', '2', '--repeats', '3', '--warmup', '0', '--out', out],
    ]);
    const seen = new Map<number, string>();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
    const deadline = Date.now() + 40_000;
    while (!/round 1 async@node small c=50: /.test(stderr) && Date.now() < deadline) {
      for (const [pid, command] of descendants(child.pid!)) seen.set(pid, command);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([...seen.values()].some((c) => c.includes('servers/'))).toBe(true);
    // As head does once it has its lines: the harness's next write finds no reader.
    child.stderr!.destroy();
    child.stdout!.destroy();
    const { code } = await finished;
    const left = [...seen].filter(
      ([pid, command]) => isRunning(pid, command) && !command.includes('esbuild'),
    );
    expect(left).toEqual([]);
    expect(code).toBe(141);
    const results = readValidResults(join(out, 'results.json'));
    expect(results.complete).toBe(false);
    expect(results.measurements.at(-1)!.flags).toContain('incomplete');
  }, 60_000);

  it('stops every process it started on SIGINT and keeps what finished', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-sigint-'));
    const { child, finished } = startBench([
      '--targets',
      'nginx,async@node',
      '--scenarios',
      'small,close,large',
      '--duration',
      '2',
      '--repeats',
      '2',
      '--warmup',
      '0',
      '--out',
      out,
    ]);
    // Watch the process tree until the first point of the first visit has finished, then interrupt mid-run.
    const seen = new Map<number, string>();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
    const deadline = Date.now() + 40_000;
    while (!/round 1 \S+ small c=50: /.test(stderr) && Date.now() < deadline) {
      for (const [pid, command] of descendants(child.pid!)) seen.set(pid, command);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const [pid, command] of descendants(child.pid!)) seen.set(pid, command);
    expect([...seen.values()].some((c) => c.includes('nginx') || c.includes('servers/'))).toBe(true);
    child.kill('SIGINT');
    const { code } = await finished;
    expect(code).toBe(130);

    const left = [...seen].filter(
      ([pid, command]) => isRunning(pid, command) && !command.includes('esbuild'),
    );
    expect(left).toEqual([]);
    const results = readValidResults(join(out, 'results.json'));
    expect(results.complete).toBe(false);
    expect(results.measurements.length).toBeGreaterThan(0);
    expect(results.measurements.length).toBeLessThan(6);
    expect(results.measurements.at(-1)!.flags).toContain('incomplete');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  }, 60_000);

  const CC_FILE = '/proc/sys/net/ipv4/tcp_congestion_control';
  const canSetCc = (() => {
    try {
      accessSync(CC_FILE, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  })();

  /** The congestion control of each established TCP socket of these processes, from ss. */
  function socketCcs(pids: ReadonlySet<number>): string[] {
    let text = '';
    try {
      text = execFileSync('ss', ['-tinpH', 'state', 'established'], { encoding: 'utf8' });
    } catch {
      return [];
    }
    const found: string[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length - 1; i++) {
      const pid = /pid=(\d+)/.exec(lines[i]!)?.[1];
      if (pid !== undefined && pids.has(Number(pid))) found.push(lines[i + 1]!.trim().split(/\s+/)[0]!);
    }
    return found;
  }

  it.skipIf(!canSetCc)(
    '--tcp-congestion gives the servers its congestion control, records it, and puts the old one back on SIGINT',
    async () => {
      const before = readFileSync(CC_FILE, 'utf8').trim();
      const available = readFileSync(CC_FILE.replace('tcp_', 'tcp_available_'), 'utf8').trim().split(/\s+/);
      const other = ['cubic', 'reno', ...available].find((cc) => cc !== before && available.includes(cc))!;
      const out = mkdtempSync(join(tmpdir(), 'bench-cc-'));
      const { child, finished } = startBench([
        '--targets',
        'async@node',
        '--scenarios',
        'large',
        '--duration',
        '3',
        '--repeats',
        '2',
        '--warmup',
        '0',
        '--tcp-congestion',
        other,
        '--out',
        out,
      ]);
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
      // While the load runs: the server's accepted connections carry the congestion control set for the run.
      let seen: string[] = [];
      let during = '';
      try {
        const deadline = Date.now() + 30_000;
        while (seen.length === 0 && Date.now() < deadline && child.exitCode === null) {
          const servers = [...descendants(child.pid!)].filter(([, c]) => c.includes('servers/'));
          seen = socketCcs(new Set(servers.map(([pid]) => pid)));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        during = readFileSync(CC_FILE, 'utf8').trim();
      } finally {
        child.kill('SIGINT');
      }
      const { code } = await finished;
      expect(during).toBe(other);
      expect(code, stderr).toBe(130);
      expect(readFileSync(CC_FILE, 'utf8').trim()).toBe(before);
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set([other]));
      const results = readValidResults(join(out, 'results.json'));
      expect(results.environment.tcp).toEqual({ congestionControl: other, setByRun: true });
    },
    60_000,
  );
});

describe('more than one CPU', () => {
  it('says in one line that the cores scenario needs two server CPUs, and exits 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-cores-none-'));
    const { code, stderr, stdout } = await startBench([
      '--targets',
      'cluster@node',
      '--scenarios',
      'cores',
      '--server-cpus',
      '0',
      '--client-cpus',
      '1',
      ...ONE_SECOND,
      '--out',
      out,
    ]).finished;
    expect(code, stderr).toBe(0);
    const notes = `${stdout}\n${stderr}`.split('\n').filter((l) => l.includes('cores needs at least 2 CPUs'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('this run gives them 1');
    expect(readValidResults(join(out, 'results.json')).measurements).toEqual([]);
  }, 60_000);

  it('pins and sizes the servers to 1 and 2 CPUs, and flags every figure when the client shares them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-cores-'));
    const { code, stderr } = await startBench([
      '--targets',
      'cluster@node,reuseport@node,async@node',
      '--scenarios',
      'small,cores',
      '--server-cpus',
      '0-1',
      '--client-cpus',
      '0-1',
      ...ONE_SECOND,
      '--out',
      out,
    ]).finished;
    expect(code, stderr).toBe(0);
    const results = readValidResults(join(out, 'results.json'));
    expect(results.environment.pinning.shared).toBe(true);
    for (const m of results.measurements)
      expect(m.flags, `${m.target} ${m.scenario}`).toContain('shared-cpus');
    const cores = results.measurements.filter((m) => m.scenario === 'cores');
    // Only the models that can use more than one CPU, each at 1 and 2.
    expect(cores.map((m) => `${m.target}/${m.serverCpus}`).sort()).toEqual([
      'cluster@node/1',
      'cluster@node/2',
      'reuseport@node/1',
      'reuseport@node/2',
    ]);
    for (const m of cores) {
      // Sized to its CPUs: one worker said what it served on 1 CPU, two on 2.
      const served = m.probes.workers?.connections;
      expect(served, `${m.target} on ${m.serverCpus}`).toHaveLength(m.serverCpus!);
      expect(served!.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
    // The client on the servers' CPUs: no scaling figure is stated.
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('## cores: the servers on more and more CPUs');
    expect(summary).toContain('efficiency not measured');
    expect(findingsOf(results).some((f) => f.kind === 'scaling')).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('id="cores"');
  }, 120_000);
});

describe('the method on real runs', () => {
  it('warms a fresh server process for at least 2 s before its first point, a later point as the rule says', async () => {
    // nginx has no JIT: without the first warm-up's minimum, its first two windows agreed within 5 % in
    // 2 of 3 processes (then 4 % of runs would pass this test with the minimum broken).
    const out = mkdtempSync(join(tmpdir(), 'bench-first-warmup-'));
    const { code, stderr } = await startBench([
      '--targets',
      'nginx',
      '--scenarios',
      'small,close',
      '--duration',
      '0.5',
      '--repeats',
      '3',
      '--warmup',
      '4',
      '--out',
      out,
    ]).finished;
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/a process's first for at least 2 s/);
    const results = readValidResults(join(out, 'results.json'));
    expect(results.method.warmup).toMatchObject({ minWindows: 2, firstMinWindows: 4 });
    const windows = (scenario: string) =>
      results.measurements.find((m) => m.scenario === scenario)!.repetitions.map((r) => r.warmup!.windows);
    expect(windows('small')).toHaveLength(3);
    for (const n of windows('small')) expect(n).toBeGreaterThanOrEqual(4);
    for (const n of windows('close')) expect(n).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('runs the rounds in the order the seed draws, a fresh server each time', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-rounds-'));
    const args = [
      '--targets',
      'nginx,async@node,lesson',
      '--scenarios',
      'small',
      '--duration',
      '1',
      '--repeats',
      '2',
      '--warmup',
      '1',
      '--seed',
      '42',
    ];
    const { code, stderr } = await startBench([...args, '--out', out]).finished;
    expect(code, stderr).toBe(0);
    const options = parseBenchArgs(args);
    if ('error' in options) throw new Error(options.error);
    const config = resolveConfig(options);
    if ('error' in config) throw new Error(config.error);
    const planned = [1, 2].flatMap((round) =>
      roundVisits(config.plan, round, config.plan.targets).map((v) => `round ${round} ${v.target.name}`),
    );
    const seen = [...stderr.matchAll(/\] (round \d \S+) small c=50: /g)].map((m) => m[1]);
    expect(seen).toEqual(planned);
    const results = readValidResults(join(out, 'results.json'));
    expect(results.method.seed).toBe(42);
    for (const m of results.measurements) {
      expect(m.repetitions.map((r) => r.round)).toEqual([1, 2]);
      for (const rep of m.repetitions) {
        expect(rep.warmup, m.target).not.toBeNull();
        // One span for all three: requests over CPU-seconds is the rate over the CPU share.
        if (rep.serverCpuSeconds === null || rep.serverCpuPercent === null || rep.serverCpuSeconds < 0.05)
          continue;
        const perCpuSecond = rep.requests / rep.serverCpuSeconds;
        const fromPercent = rep.requestsPerSec / (rep.serverCpuPercent / 100);
        expect(perCpuSecond / fromPercent, `${m.target} round ${rep.round}`).toBeGreaterThan(0.9);
        expect(perCpuSecond / fromPercent, `${m.target} round ${rep.round}`).toBeLessThan(1.1);
      }
    }
    // Against nginx of the same rounds.
    expect(results.measurements.find((m) => m.target === 'async@node')!.vsReference?.target).toBe('nginx');
  }, 90_000);

  it('takes CPU %, CPU-seconds and requests per CPU-second from one span, the window itself', async () => {
    // 256 connections take a while to open: that time was once inside the CPU's span and not the requests'.
    const out = mkdtempSync(join(tmpdir(), 'bench-cpu-'));
    const { code, stderr } = await startBench([
      '--targets',
      'async@node',
      '--scenarios',
      'small',
      '--connections',
      '256',
      ...ONE_SECOND,
      '--out',
      out,
    ]).finished;
    expect(code, stderr).toBe(0);
    const [m] = readValidResults(join(out, 'results.json')).measurements;
    const rep = m!.repetitions[0]!;
    const perCpuSecond = rep.requests / rep.serverCpuSeconds!;
    const fromPercent = rep.requestsPerSec / (rep.serverCpuPercent! / 100);
    expect(perCpuSecond / fromPercent).toBeGreaterThan(0.9);
    expect(perCpuSecond / fromPercent).toBeLessThan(1.1);
    expect(m!.server.requestsPerCpuSecond).toBeCloseTo(perCpuSecond, 6);
  }, 60_000);

  it('gives a noisy server a wide interval, flags it, and does not rank it against a figure inside it', async () => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'test', 'bench', 'servers', 'noisy-server.mjs'), join(REPO_ROOT, 'html')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout! }).once('line', resolve),
      );
      const { port } = JSON.parse(line) as { port: number };
      const out = mkdtempSync(join(tmpdir(), 'bench-noisy-'));
      const { code, stderr } = await startBench([
        '--url',
        `http://127.0.0.1:${port}`,
        '--name',
        'noisy',
        '--scenarios',
        'small',
        // No warm-up: each of its windows would change the server's speed too.
        ...['--duration', '1', '--repeats', '4', '--warmup', '0', '--out', out],
      ]).finished;
      expect(code, stderr).toBe(0);
      const results = readValidResults(join(out, 'results.json'));
      const noisy = results.measurements[0]!;
      const width = relativeHalfWidth(noisy.requestsPerSec)!;
      expect(width).toBeGreaterThan(0.1);
      expect(noisy.flags).toContain('unstable');
      // A steady target at the noisy one's mean is inside its interval: they share their places.
      const steady = makeMeasurement('steady@node', [
        [noisy.requestsPerSec.mean * 1.01],
        [noisy.requestsPerSec.mean * 0.99],
        [noisy.requestsPerSec.mean],
      ]);
      const [small] = rankAll({ ...results, measurements: [noisy, steady] });
      expect(small!.rows.map((r) => placeText(r.place))).toEqual(['1–2', '1–2']);
      expect(plainText(findingsOf({ ...results, measurements: [noisy, steady] })[0]!.text)).toMatch(
        /share the lead/,
      );
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
