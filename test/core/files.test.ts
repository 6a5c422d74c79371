// The file table against a real directory: fresh within a second, symlinks confined to the root.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { nodeFileSystem } from '../../servers/adapter/node/fs.ts';
import { FileTable, MAX_AGE_MS, REVALIDATE_MS } from '../../servers/core/files.ts';

let dir: string;
let root: string;
let clock: number;
let table: FileTable;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'files-'));
  root = join(dir, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<h1>hi</h1>');
  writeFileSync(join(root, 'sub', 'index.html'), 'sub');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  clock = 1_000_000;
  table = new FileTable(nodeFileSystem, root, () => clock, 0);
});

afterEach(() => {
  table.close();
  rmSync(dir, { recursive: true, force: true });
});

test('maps a directory path to its index.html and a bare directory to a redirect', async () => {
  const a = await table.lookup('/');
  expect(a.kind === 'file' && new TextDecoder().decode(a.body!)).toBe('<h1>hi</h1>');
  expect((await table.lookup('/sub')).kind).toBe('redirect');
  expect((await table.lookup('/sub/')).kind).toBe('file');
  expect((await table.lookup('/nope')).kind).toBe('missing');
});

test('answers from memory while fresh, and checks the disk once an entry is MAX_AGE_MS old', async () => {
  await table.lookup('/index.html');
  writeFileSync(join(root, 'index.html'), 'changed, and longer');
  utimesSync(join(root, 'index.html'), new Date(), new Date(Date.now() + 5000));
  const cached = table.lookup('/index.html');
  expect(cached).not.toBeInstanceOf(Promise); // no disk access inside the window
  clock += MAX_AGE_MS;
  const fresh = await table.lookup('/index.html');
  expect(fresh.kind === 'file' && new TextDecoder().decode(fresh.body!)).toBe('changed, and longer');
  expect(MAX_AGE_MS).toBeLessThan(1000);
});

test('sees a created and a deleted file', async () => {
  expect((await table.lookup('/new.txt')).kind).toBe('missing');
  writeFileSync(join(root, 'new.txt'), 'new');
  clock += MAX_AGE_MS;
  expect((await table.lookup('/new.txt')).kind).toBe('file');
  rmSync(join(root, 'new.txt'));
  clock += MAX_AGE_MS;
  expect((await table.lookup('/new.txt')).kind).toBe('missing');
});

test('never serves a symlink that leads outside the root', async () => {
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(dir, join(root, 'up'));
  expect((await table.lookup('/link.txt')).kind).toBe('missing');
  expect((await table.lookup('/up/secret.txt')).kind).toBe('missing');
});

test('serves a symlink that stays inside the root', async () => {
  symlinkSync(join(root, 'index.html'), join(root, 'alias.html'));
  expect((await table.lookup('/alias.html')).kind).toBe('file');
});

test('shares one disk lookup between concurrent misses', async () => {
  const a = table.lookup('/index.html');
  const b = table.lookup('/index.html');
  expect(a).toBe(b);
  await a;
});

test('re-checks recently used entries in the background, so lookups stay synchronous and fresh', async () => {
  const live = new FileTable(nodeFileSystem, root); // real clock, background tick on
  try {
    await live.lookup('/index.html');
    writeFileSync(join(root, 'index.html'), 'rewritten while the server runs');
    utimesSync(join(root, 'index.html'), new Date(), new Date(Date.now() + 5000));
    // Keep using it, as traffic would; within a few ticks the new content is there without waiting.
    let seen = '';
    for (let i = 0; i < 20 && seen !== 'rewritten while the server runs'; i++) {
      await new Promise((r) => setTimeout(r, REVALIDATE_MS / 2));
      const e = live.lookup('/index.html');
      expect(e).not.toBeInstanceOf(Promise);
      if (!(e instanceof Promise) && e.kind === 'file') seen = new TextDecoder().decode(e.body!);
    }
    expect(seen).toBe('rewritten while the server runs');
  } finally {
    live.close();
  }
});

test('a scan of random missing paths does not evict the real files', async () => {
  writeFileSync(join(root, 'big.bin'), Buffer.alloc(1024 * 1024, 7));
  const before = await table.lookup('/big.bin');
  expect(before.kind === 'file' && before.body?.length).toBe(1024 * 1024);
  for (let i = 0; i < 10_050; i++) await table.lookup(`/missing-${i}`);
  clock += MAX_AGE_MS;
  // Still the same entry, re-checked rather than read again: the table shed the misses, not the file.
  expect(await table.lookup('/big.bin')).toBe(before);
});
