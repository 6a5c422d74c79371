// Runs `npm run bench` as a user would (node --import tsx bench/cli/bench.ts), into a folder of its own,
// and reads back what it wrote: results.json (validated), summary.md, and its progress on stderr.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Results } from '../../bench/model/schema.ts';
import { validateResults } from '../../bench/results/earlier-versions.ts';
import { REPO_ROOT } from '../../servers/launch.ts';

export interface BenchRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
  readonly results: Results;
  readonly summary: string;
}

export function runBench(args: readonly string[]): Promise<BenchRun> {
  const out = mkdtempSync(join(tmpdir(), 'bench-run-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench', 'cli', 'bench.ts'), ...args, '--out', out],
    { cwd: REPO_ROOT, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      try {
        const checked = validateResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
        if ('error' in checked) throw new Error(checked.error);
        const summary = readFileSync(join(out, 'summary.md'), 'utf8');
        resolve({ code, stderr, stdout, results: checked, summary });
      } catch (e) {
        reject(new Error(`${(e as Error).message}\n${stderr}`));
      }
    }),
  );
}

/** A server that prints {"port":N} on its first line of stdout once it listens. */
export async function portFromFirstLine(child: ChildProcess): Promise<number> {
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before it listened`)));
  });
  return (JSON.parse(line) as { port: number }).port;
}
