// A temporary site for the conformance suite: a copy of the bundled html/ plus the traps — a secret
// just outside the root, symlinks that lead to it, a dotfile, names that need decoding.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ROOT } from '../../servers/launch.ts';

/** Appears only in files that must never be served; a response containing it is a leak. */
export const SECRET = 'SECRET-OUTSIDE-THE-ROOT-7c1f';

export interface TestSite {
  readonly dir: string;
  readonly root: string;
  file(path: string): Buffer;
  cleanup(): void;
}

export function makeSite(): TestSite {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
  const root = join(dir, 'root');
  cpSync(DEFAULT_ROOT, root, { recursive: true });
  writeFileSync(join(dir, 'secret.txt'), `${SECRET}\n`);
  writeFileSync(join(root, '.hidden'), `${SECRET} (dotfile)\n`);
  writeFileSync(join(root, 'noext'), 'no extension\n');
  writeFileSync(join(root, 'café.txt'), 'unicode name\n');
  writeFileSync(join(root, 'data.json'), '{"ok":true}\n');
  writeFileSync(join(root, 'cold.txt'), 'asked for only by the pipelining-cold-file case\n');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'leak.txt'));
  symlinkSync(dir, join(root, 'up'));
  symlinkSync(join(root, 'style.css'), join(root, 'alias.css'));
  return {
    dir,
    root,
    file: (path) => readFileSync(join(root, path)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
