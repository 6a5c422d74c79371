// docs/ci.md's workflow, run as a script: its `run:` steps in order, with bash as GitHub Actions runs them
// (-eo pipefail), on a fresh clone of this repository; twice, as a push to main and then as a pull request
// whose "last run on main" is the first pass's upload, handed over by a stand-in for `gh run download`.
// GitHub itself is not run: a `uses:` step is checked for the files it is given. About five minutes: two
// npm ci of a fresh clone and two --quick runs of two targets.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from '../servers/launch.ts';
import { readBmf, readCustomBenchmarkFile } from './bench/interop/readers.ts';

interface Step {
  readonly name: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with: Readonly<Record<string, string>>;
}

/** The workflow's steps, read from the yaml block of docs/ci.md: names, run scripts, uses and with. */
function workflowSteps(markdown: string): Step[] {
  const block = /```yaml\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (block === undefined) throw new Error('docs/ci.md has no yaml block');
  const steps: { name: string; run?: string; uses?: string; with: Record<string, string> }[] = [];
  const lines = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const name = /^ {6}- name: (.+)$/.exec(line);
    if (name) {
      steps.push({ name: name[1]!, with: {} });
      continue;
    }
    const step = steps.at(-1);
    if (step === undefined) continue;
    const uses = /^ {8}uses: (.+)$/.exec(line);
    if (uses) step.uses = uses[1]!;
    const withValue = /^ {10}([\w-]+): (.+)$/.exec(line);
    if (withValue && step.uses !== undefined) step.with[withValue[1]!] = withValue[2]!;
    if (/^ {8}run: \|$/.test(line)) {
      const script: string[] = [];
      while (i + 1 < lines.length && (/^ {10}/.test(lines[i + 1]!) || lines[i + 1] === '')) {
        script.push(lines[++i]!.slice(10));
      }
      step.run = `${script.join('\n').trim()}\n`;
    }
  }
  return steps;
}

/** `gh` as the workflow uses it, answering from a folder that stands for the last run's artifact. */
const FAKE_GH = `#!/usr/bin/env bash
# A stand-in for GitHub's CLI in the recipe's test: the last successful run on main is run 1, and its
# artifact is the folder $ARTIFACT_STORE.
set -eu
if [ "$1 $2" = "run list" ]; then echo 1; exit 0; fi
if [ "$1 $2" = "run download" ]; then
  dir=.
  while [ $# -gt 0 ]; do
    if [ "$1" = --dir ]; then dir=$2; fi
    shift
  done
  mkdir -p "$dir"
  cp -r "$ARTIFACT_STORE"/. "$dir"
  exit 0
fi
echo "gh stand-in: $* is not part of the recipe" >&2
exit 1
`;

function runStep(step: Step, cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

test("docs/ci.md's commands, in order, on a fresh clone: as a push to main, then as a pull request", () => {
  const steps = workflowSteps(readFileSync(join(REPO_ROOT, 'docs', 'ci.md'), 'utf8'));
  expect(steps.filter((s) => s.run !== undefined).map((s) => s.name)).toEqual([
    'Install',
    'nginx, the yardstick',
    'The last run on main',
    'Benchmark, held to the gates',
    'Compare with the last run on main',
  ]);
  const work = mkdtempSync(join(tmpdir(), 'ci-recipe-'));
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'gh'), FAKE_GH);
  chmodSync(join(bin, 'gh'), 0o755);
  const store = join(work, 'artifact');

  for (const event of ['push', 'pull_request'] as const) {
    const clone = join(work, event);
    const cloned = spawnSync('git', ['clone', '--quiet', REPO_ROOT, clone], { encoding: 'utf8' });
    expect(cloned.status, cloned.stderr).toBe(0);
    const summary = join(work, `${event}-summary.md`);
    writeFileSync(summary, '');
    const env = {
      ...process.env,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event,
      GITHUB_STEP_SUMMARY: summary,
      ARTIFACT_STORE: store,
      PATH: `${bin}:${process.env['PATH']}`,
      // npm run inside vitest would otherwise name the test's npm script and folder.
      INIT_CWD: clone,
    };
    for (const step of steps) {
      if (step.run !== undefined) {
        const { code, output } = runStep(step, clone, env);
        expect(code, `${event}: step "${step.name}" failed:\n${output.slice(-4000)}`).toBe(0);
        if (step.name.startsWith('Benchmark')) expect(output).toMatch(/^gates: all 2 passed/m);
        if (step.name.startsWith('Compare') && event === 'pull_request') {
          expect(output).toMatch(/^gates: all 1 passed/m);
        }
        continue;
      }
      // A uses: step: the files it would be handed are there.
      for (const key of ['path', 'output-file-path']) {
        const path = step.with[key];
        if (path !== undefined) expect(existsSync(join(clone, path)), `${step.name}: ${path}`).toBe(true);
      }
      if (step.with['output-file-path'] !== undefined) {
        expect(
          readCustomBenchmarkFile(readFileSync(join(clone, step.with['output-file-path']), 'utf8')).length,
        ).toBeGreaterThan(0);
      }
    }
    const out = join(clone, 'bench-out');
    expect(readdirSync(out)).toEqual(
      expect.arrayContaining([
        'results.json',
        'summary.md',
        'index.html',
        'bigger.json',
        'smaller.json',
        'bencher.json',
        'hlog',
      ]),
    );
    expect(readBmf(readFileSync(join(out, 'bencher.json'), 'utf8')).size).toBeGreaterThan(0);
    expect(readdirSync(join(out, 'hlog')).length).toBeGreaterThan(0);
    expect(readFileSync(summary, 'utf8')).toContain('async@node');
    if (event === 'push') {
      // What the upload keeps is what the pull request downloads.
      expect(existsSync(join(clone, 'baseline'))).toBe(false);
      cpSync(out, store, { recursive: true });
    } else {
      expect(existsSync(join(clone, 'baseline', 'results.json'))).toBe(true);
      expect(readFileSync(join(out, 'compare.md'), 'utf8')).toMatch(/async@node/);
    }
  }
}, 1_200_000);
