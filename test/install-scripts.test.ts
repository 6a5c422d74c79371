// package.json's allowScripts decides each dependency's install script (npm 11 blocks the undecided ones,
// and ends `npm ci` with a warning about them). Bun's and Deno's put their native binaries in place;
// without them bun is a 450-byte placeholder that refuses to run, and deno runs through a Node wrapper
// (an extra process per start, and a signal sent to the server's pid reaches the wrapper, not deno).
import { spawnSync } from 'node:child_process';
import { openSync, readSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from '../servers/launch.ts';

function startsWithElf(path: string): boolean {
  const head = Buffer.alloc(4);
  readSync(openSync(path, 'r'), head, 0, 4, 0);
  return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

test.each(['bun', 'deno'])(
  '%s in node_modules/.bin is the native binary, not a placeholder or a wrapper',
  (name) => {
    const bin = realpathSync(join(REPO_ROOT, 'node_modules', '.bin', name));
    expect(startsWithElf(bin), `${bin} is not an ELF binary`).toBe(true);
  },
);

test('every install script of a dependency is decided in allowScripts', () => {
  const ls = spawnSync('npm', ['install-scripts', 'ls'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (/Unknown command/i.test(ls.stdout + ls.stderr)) {
    console.warn('this npm has no install-scripts command (npm < 11): allowScripts not checked');
    return;
  }
  expect(ls.status, ls.stderr).toBe(0);
  expect(ls.stdout).toContain('No packages with unreviewed install scripts');
});
