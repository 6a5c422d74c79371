import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../../bench/cli/bench-args.ts';
import { parseMicroArgs } from '../../../bench/cli/micro-args.ts';
import { runMicro } from '../../../bench/micro/run.ts';
import { DEFAULT_BENCH_OPTIONS } from '../../../bench/plan/options.ts';
import { parseCpuList } from '../../../bench/proc/cpu-list.ts';
import { remoteTarget } from '../../../bench/targets/catalog.ts';

describe('bench flags', () => {
  it('has defaults for no flags', () => {
    expect(parseBenchArgs([])).toEqual(DEFAULT_BENCH_OPTIONS);
  });

  it('reads every flag, with spaces or =', () => {
    const o = parseBenchArgs([
      '--targets=async,nginx',
      '--scenarios',
      'missing,small',
      '--duration',
      '1.5',
      '--seed',
      '42',
      '--repeats=2',
      '--warmup',
      '0',
      '--connections',
      '10',
      '--quick',
      '--engine',
      'wrk',
      '--server-cpus',
      '0-1',
      '--client-cpus',
      '2',
      '--no-pin',
      '--no-beside',
      '--out',
      'x',
      '--baseline',
      'b.json',
      '--url',
      'http://10.0.0.5:8080/docs/?v=2',
      '--expect-status',
      '301',
      '--name',
      'box',
      '--json',
    ]);
    expect(o).toMatchObject({
      targets: ['async', 'nginx'],
      // Canonical order, whatever order they were typed in.
      scenarios: ['small', 'missing'],
      durationSec: 1.5,
      seed: 42,
      repeats: 2,
      warmupSec: 0,
      connections: 10,
      quick: true,
      engine: 'wrk',
      serverCpus: '0-1',
      clientCpus: '2',
      pin: false,
      beside: false,
      out: 'x',
      baseline: 'b.json',
      url: 'http://10.0.0.5:8080/docs/?v=2',
      expectStatus: 301,
      name: 'box',
      json: true,
    });
  });

  it.each([
    [['--fast'], 'unknown flag "--fast"'],
    [['--duration', '0'], '--duration must be between 0.5 and 3600 s, got 0'],
    [['--duration', 'abc'], '--duration must be a number of seconds like 2 or 1.5, got "abc"'],
    [['--duration', '0.25'], '--duration must be a number of seconds like 2 or 1.5, got "0.25"'],
    [['--full', '--quick'], '--full and --quick ask for opposite plans'],
    [['--full', '--scenarios', 'small'], '--full measures every scenario'],
    [['--seed', 'x'], '--seed must be a whole number'],
    [['--duration'], '--duration needs a value'],
    [['--repeats', '-1'], '--repeats must be a whole number, got "-1"'],
    [
      ['--scenarios', 'small,gigantic'],
      'unknown scenario "gigantic"; valid: small, close, large, huge, missing, stalled, slowloris, idle, stream, latency, sweep',
    ],
    [['--engine', 'ab'], '--engine must be one of loadgen, wrk, autocannon, got "ab"'],
    [['--targets=a', '--bogus'], 'unknown flag "--bogus"'],
    [['--url', 'ftp://x'], '--url must be http://'],
    [['--url', 'http://x:1/path#top'], 'a #fragment is never sent'],
    [['--expect-status', '301'], '--expect-status is the answer a --url target'],
    [['--url', 'http://x:1/', '--expect-status', '42'], '--expect-status must be between 100 and 599'],
    [['--name', 'x'], '--name labels a --url target'],
    [['--json=yes'], '--json takes no value'],
  ])('rejects %j with one line naming the problem', (argv, message) => {
    const result = parseBenchArgs(argv);
    expect(result).toHaveProperty('error', expect.stringContaining(message));
    expect((result as { error: string }).error).not.toContain('\n');
  });
});

describe('the CPU split', () => {
  it('gives the servers the first half of the CPUs and the load generator the rest, at least one', async () => {
    const { defaultSplit } = await import('../../../bench/plan/resolve.ts');
    expect(defaultSplit(2)).toEqual({ serverCpus: '0', clientCpus: '1' });
    expect(defaultSplit(3)).toEqual({ serverCpus: '0-1', clientCpus: '2' });
    expect(defaultSplit(16)).toEqual({ serverCpus: '0-7', clientCpus: '8-15' });
    expect(defaultSplit(1)).toEqual({ serverCpus: '0', clientCpus: '0' });
  });
});

describe('CPU lists', () => {
  it('parses taskset syntax', () => {
    expect(parseCpuList('0')).toEqual([0]);
    expect(parseCpuList('2-4,0')).toEqual([0, 2, 3, 4]);
    expect(parseCpuList('x')).toHaveProperty('error');
    expect(parseCpuList('3-1')).toHaveProperty('error');
  });
});

describe('micro-benchmarks', () => {
  it('reads its flags', () => {
    expect(parseMicroArgs(['--out', 'r.json', '--json', '--time', '50'])).toEqual({
      out: 'r.json',
      json: true,
      timeMs: 50,
      help: false,
    });
    expect(parseMicroArgs(['--time=50']).toString()).not.toContain('error');
    expect(parseMicroArgs(['--fast'])).toHaveProperty(
      'error',
      expect.stringContaining('unknown flag "--fast"'),
    );
    expect(parseMicroArgs(['--time', '1'])).toHaveProperty('error');
  });

  it('runs every case of the core and reports ops/s with a margin', async () => {
    const results = await runMicro(10);
    expect(results.map((r) => r.name)).toContain('parse a typical browser request');
    for (const r of results) {
      expect(r.opsPerSec).toBeGreaterThan(0);
      expect(r.samples).toBeGreaterThan(0);
      expect(Number.isFinite(r.rme)).toBe(true);
    }
  });
});

describe('--url', () => {
  it('keeps the path the user gave as the request to measure, and an origin alone as none', () => {
    expect(remoteTarget({ url: 'http://127.0.0.1:8080/docs/?v=2', name: null, expectStatus: null })).toEqual({
      kind: 'remote',
      name: '127.0.0.1:8080',
      origin: 'http://127.0.0.1:8080',
      path: '/docs/?v=2',
      expectStatus: 200,
    });
    expect(remoteTarget({ url: 'http://box:81', name: 'b', expectStatus: 301 })).toMatchObject({
      name: 'b',
      path: null,
      expectStatus: 301,
    });
  });
});
