// The ratio to nginx taken side by side, on a real run with a drifting machine: a neighbour on the servers'
// CPU spins and rests at random, so a window alone meets it for a varying share of its length, while
// nginx and the target loaded at once meet the same share. Runs alone (vitest.config.ts): another test
// file's load on the same two cores would be a second neighbour, on the client's CPU.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { besideRatios, roundRatios } from '../../bench/results/reference.ts';
import { coefficientOfVariation as cv } from '../../bench/results/stats.ts';
import { REPO_ROOT } from '../../servers/launch.ts';
import { runBench } from '../helpers/bench-run.ts';

it('takes the ratio to nginx beside it, both loaded at once, so that a drifting machine cancels out', async () => {
  const hog = spawn(
    'taskset',
    ['-c', '0', process.execPath, join(REPO_ROOT, 'test', 'helpers', 'cpu-hog.mjs'), '7'],
    { stdio: 'ignore' },
  );
  try {
    const { code, stderr, results } = await runBench([
      ...[
        '--targets',
        'nginx,async@node',
        '--scenarios',
        'small',
        '--server-cpus',
        '0',
        '--client-cpus',
        '1',
      ],
      ...['--duration', '0.5', '--repeats', '12', '--warmup', '1', '--seed', '3'],
    ]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('beside nginx, both loaded at once');
    const m = results.measurements.find((x) => x.target === 'async@node')!;
    const nginx = results.measurements.find((x) => x.target === 'nginx')!;
    expect(
      m.repetitions.every((r) => r.beside?.target === 'nginx'),
      stderr,
    ).toBe(true);
    expect(nginx.repetitions.every((r) => r.beside === undefined)).toBe(true);
    expect(m.vsReference?.how).toBe('side by side');
    const ratios = besideRatios(m);
    expect(ratios.length, stderr).toBeGreaterThanOrEqual(8);
    expect(m.vsReference!.ratio.mean).toBeCloseTo(ratios.reduce((a, b) => a + b, 0) / ratios.length, 9);
    // The two servers shared the CPU in the window they shared.
    for (const r of m.repetitions) {
      const b = r.beside!;
      if (b.serverCpuSeconds === null || b.referenceCpuSeconds === null) continue;
      expect(b.serverCpuSeconds / b.referenceCpuSeconds).toBeGreaterThan(0.6);
      expect(b.serverCpuSeconds / b.referenceCpuSeconds).toBeLessThan(1.6);
    }
    // Alone, the figures scatter with the neighbour; the ratio of the round's two figures, taken seconds
    // apart, more; side by side, far less.
    const alone = cv(m.repetitions.map((r) => r.requestsPerSec));
    const apart = cv(roundRatios(m, nginx));
    const beside = cv(ratios);
    const seen = `CV over ${ratios.length} repetitions: alone ${alone}, apart ${apart}, beside ${beside}`;
    console.log(seen);
    expect(alone, seen).toBeGreaterThan(0.1);
    expect(beside, seen).toBeLessThan(alone);
    expect(beside, seen).toBeLessThan(apart / 1.5);
  } finally {
    hog.kill('SIGKILL');
  }
}, 180_000);
