// bench/ flows one way (docs/architecture.md): each stage may import only the stages listed for it here,
// and model/, the shared vocabulary, imports nothing of bench/. A backward import fails this test with
// the file, the import and the rule it breaks.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from '../../servers/launch.ts';

const BENCH = join(REPO_ROOT, 'bench');

/** What each stage may import besides itself. cli, the commands, may import anything. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  model: [],
  proc: ['model'],
  results: ['model', 'proc'],
  engines: ['model', 'proc'],
  targets: ['model', 'proc'],
  plan: ['model', 'proc', 'results', 'engines', 'targets'],
  measure: ['model', 'proc', 'results', 'engines', 'targets', 'plan'],
  views: ['model', 'results'],
  micro: ['model'],
  // The formats other tools read and write (CI trackers' files, Artillery's scripts and reports): they
  // render results as views do, and an imported report becomes measurements through results/.
  interop: ['model', 'results'],
  cli: ['model', 'proc', 'results', 'engines', 'targets', 'plan', 'measure', 'views', 'micro', 'interop'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mts|js)$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative module specifier of a file: static imports, re-exports and dynamic import(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) found.push(match[1]!);
  return found;
}

function violations(files: readonly string[], read: (file: string) => string): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const stage = relative(BENCH, file).split('/')[0]!;
    const allowed = ALLOWED[stage];
    if (allowed === undefined) {
      problems.push(`${relative(REPO_ROOT, file)}: bench/${stage}/ is no stage of docs/architecture.md`);
      continue;
    }
    for (const spec of specifiers(read(file))) {
      const target = relative(BENCH, resolve(dirname(file), spec));
      if (target.startsWith('..')) continue; // outside bench/: servers/, the registry
      const to = target.split('/')[0]!;
      if (to !== stage && !allowed.includes(to)) {
        problems.push(
          `${relative(REPO_ROOT, file)} imports ${spec}: ${stage} may import ${allowed.join(', ') || 'nothing of bench/'}`,
        );
      }
    }
  }
  return problems;
}

test('every import in bench/ runs down the stages', () => {
  const files = sources(BENCH);
  expect(files.length).toBeGreaterThan(50);
  expect(violations(files, (f) => readFileSync(f, 'utf8'))).toEqual([]);
});

test('a backward import is caught, named with its file and the rule', () => {
  const file = join(BENCH, 'results', 'aggregate.ts');
  const text = `${readFileSync(file, 'utf8')}\nimport { rankAll } from '../views/ranking.ts';\n`;
  expect(violations([file], () => text)).toEqual([
    'bench/results/aggregate.ts imports ../views/ranking.ts: results may import model, proc',
  ]);
  const model = join(BENCH, 'model', 'flags.ts');
  expect(violations([model], () => "import { x } from '../plan/plan.ts';")).toEqual([
    'bench/model/flags.ts imports ../plan/plan.ts: model may import nothing of bench/',
  ]);
});
