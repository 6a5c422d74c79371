// The file table against a real directory, read through the Node adapter's FileSystem: fresh within a
// second, symlinks confined to the root, the memory budget kept, the background re-check bounded. Where a
// test needs the disk to change at a precise moment (between a stat and a read), it wraps the real file
// system with a hook that changes the real file then; where it needs to see the table's work, it counts
// the real calls.
import { execFileSync } from 'node:child_process';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { nodeFileSystem } from '../../servers/adapter/node/fs.ts';
import {
  type Entry,
  type FileEntry,
  type FileSystem,
  FileTable,
  isAbsence,
  MAX_AGE_MS,
  MAX_CACHED_FILE,
  MAX_CACHED_TOTAL,
  REVALIDATE_MS,
} from '../../servers/core/files.ts';
import { formatHttpDate } from '../../servers/core/http-date.ts';

let dir: string;
let root: string;
let clock: number;
let table: FileTable;
const tables: FileTable[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'files-'));
  root = join(dir, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<h1>hi</h1>');
  writeFileSync(join(root, 'sub', 'index.html'), 'sub');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  clock = 1_000_000;
  table = track(new FileTable(nodeFileSystem, root, () => clock, 0));
});

afterEach(() => {
  for (const t of tables.splice(0)) t.close();
  rmSync(dir, { recursive: true, force: true });
});

function track(t: FileTable): FileTable {
  tables.push(t);
  return t;
}

const decode = (e: Entry): string | null =>
  e.kind === 'file' && e.body !== null ? new TextDecoder().decode(e.body) : null;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The real file system, with `before` run ahead of each call it names (to change the disk right then). */
function hooked(before: {
  stat?: (path: string) => void | Promise<void>;
  realpath?: (path: string) => void | Promise<void>;
  read?: (path: string) => void | Promise<void>;
}): FileSystem {
  return {
    ...nodeFileSystem,
    async stat(path) {
      await before.stat?.(path);
      return nodeFileSystem.stat(path);
    },
    async realpath(path) {
      await before.realpath?.(path);
      return nodeFileSystem.realpath(path);
    },
    async read(path, start, end) {
      await before.read?.(path);
      return nodeFileSystem.read(path, start, end);
    },
  };
}

describe('which failures say a path is not there (404) and which say nothing (503)', () => {
  test.each(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'ELOOP', 'ENAMETOOLONG'])('%s: not there', (code) => {
    expect(isAbsence(Object.assign(new Error(code), { code }))).toBe(true);
  });

  test.each(['EMFILE', 'ENFILE', 'EIO', 'EISDIR', 'ENOMEM'])('%s: says nothing of the path', (code) => {
    expect(isAbsence(Object.assign(new Error(code), { code }))).toBe(false);
  });

  test('a failure without an errno: says nothing', () => {
    expect(isAbsence(new Error('no code'))).toBe(false);
    expect(isAbsence(null)).toBe(false);
    expect(isAbsence(undefined)).toBe(false);
    expect(isAbsence({ code: 2 })).toBe(false);
  });

  test("node:fs's own errors, through the adapter: a missing path, a file taken for a directory, a loop, a long name", async () => {
    symlinkSync(join(root, 'loop'), join(root, 'loop'));
    for (const path of [
      join(root, 'nope'),
      join(root, 'index.html', 'x'),
      join(root, 'loop'),
      join(root, 'n'.repeat(300)),
    ]) {
      expect(await nodeFileSystem.stat(path), path).toBeNull();
      expect(await nodeFileSystem.realpath(path), path).toBeNull();
      expect(await nodeFileSystem.open(path), path).toBeNull();
    }
    // A directory read as a file fails (EISDIR) and is thrown, not taken for a missing file.
    await expect(nodeFileSystem.read(root, 0, 1)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('what a path is', () => {
  test('maps a directory path to its index.html and a bare directory to a redirect', async () => {
    expect(decode(await table.lookup('/'))).toBe('<h1>hi</h1>');
    expect((await table.lookup('/sub')).kind).toBe('redirect');
    expect((await table.lookup('/sub/')).kind).toBe('file');
    expect((await table.lookup('/nope')).kind).toBe('missing');
  });

  test("a file's entry: where it is, its size, dates, type and tag, and its bytes", async () => {
    const path = join(root, 'sub', 'index.html');
    utimesSync(path, 1_700_000_000.25, 1_700_000_000.25);
    const st = statSync(path);
    const e = (await table.lookup('/sub/')) as FileEntry;
    expect({ ...e, body: decode(e) }).toEqual({
      kind: 'file',
      diskPath: `${root}/sub/index.html`,
      size: 3,
      mtimeMs: st.mtimeMs,
      ino: st.ino,
      contentType: 'text/html; charset=utf-8',
      etag: `"3-${Math.floor(st.mtimeMs).toString(16)}-${st.ino.toString(16)}"`,
      lastModified: formatHttpDate(st.mtimeMs),
      body: 'sub',
      cache: null,
    });
    expect(e.etag).toMatch(/^"3-18bcfe56[0-9a-f]{3}-[0-9a-f]+"$/);
  });

  test('the type comes from the name asked for', async () => {
    writeFileSync(join(root, 'style.css'), 'a{}');
    expect(((await table.lookup('/style.css')) as FileEntry).contentType).toBe('text/css; charset=utf-8');
  });

  test('a directory asked for with its slash whose index.html is a directory: missing', async () => {
    mkdirSync(join(root, 'odd', 'index.html'), { recursive: true });
    expect((await table.lookup('/odd/')).kind).toBe('missing');
    expect((await table.lookup('/odd')).kind).toBe('redirect');
  });

  test('something that is neither a file nor a directory (a FIFO): missing, never read', async () => {
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect((await table.lookup('/pipe')).kind).toBe('missing');
  });

  test('a root given with a trailing slash serves the same', async () => {
    const slashed = track(new FileTable(nodeFileSystem, `${root}/`, () => clock, 0));
    expect(decode(await slashed.lookup('/'))).toBe('<h1>hi</h1>');
    expect((await slashed.lookup('/sub')).kind).toBe('redirect');
  });

  test('a root of "/" serves every file by its absolute path', async () => {
    const whole = track(new FileTable(nodeFileSystem, '/', () => clock, 0));
    expect(decode(await whole.lookup(`${root}/index.html`))).toBe('<h1>hi</h1>');
  });
});

describe('symlinks', () => {
  test('never serves a symlink that leads outside the root', async () => {
    symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
    symlinkSync(dir, join(root, 'up'));
    expect((await table.lookup('/link.txt')).kind).toBe('missing');
    expect((await table.lookup('/up/secret.txt')).kind).toBe('missing');
  });

  test("nor one into a sibling whose name starts with the root's", async () => {
    mkdirSync(`${root}-sibling`);
    writeFileSync(`${root}-sibling/file.txt`, 'next door');
    symlinkSync(`${root}-sibling/file.txt`, join(root, 'near.txt'));
    expect((await table.lookup('/near.txt')).kind).toBe('missing');
  });

  test('serves a symlink that stays inside the root', async () => {
    symlinkSync(join(root, 'index.html'), join(root, 'alias.html'));
    expect((await table.lookup('/alias.html')).kind).toBe('file');
  });

  test('a root that is a symlink serves its target, and the new one once it is pointed elsewhere', async () => {
    const releases = join(dir, 'releases');
    mkdirSync(join(releases, 'one'), { recursive: true });
    mkdirSync(join(releases, 'two'));
    writeFileSync(join(releases, 'one', 'index.html'), 'one');
    writeFileSync(join(releases, 'two', 'index.html'), 'two, longer');
    symlinkSync(join(releases, 'one'), join(dir, 'current'));
    const deployed = track(new FileTable(nodeFileSystem, join(dir, 'current'), () => clock, 0));
    expect(decode(await deployed.lookup('/'))).toBe('one');
    // An atomic deploy: a new link renamed over the old one.
    symlinkSync(join(releases, 'two'), join(dir, 'next'));
    renameSync(join(dir, 'next'), join(dir, 'current'));
    clock += MAX_AGE_MS;
    expect(decode(await deployed.lookup('/'))).toBe('two, longer');
  });

  test('a file gone between its stat and its real path: missing', async () => {
    const racing = track(
      new FileTable(
        hooked({ realpath: (p) => (p.endsWith('gone.txt') ? unlinkSync(p) : undefined) }),
        root,
        () => clock,
        0,
      ),
    );
    writeFileSync(join(root, 'gone.txt'), 'here, then not');
    expect((await racing.lookup('/gone.txt')).kind).toBe('missing');
  });

  test('a root gone between the real path of a file and its own: missing', async () => {
    const moved = `${root}-moved`;
    const racing = track(
      new FileTable(
        hooked({ realpath: (p) => (p === root ? renameSync(root, moved) : undefined) }),
        root,
        () => clock,
        0,
      ),
    );
    expect((await racing.lookup('/index.html')).kind).toBe('missing');
  });
});

describe('freshness', () => {
  test('answers from memory while fresh, and checks the disk once an entry is MAX_AGE_MS old', async () => {
    await table.lookup('/index.html');
    writeFileSync(join(root, 'index.html'), 'changed, and longer');
    utimesSync(join(root, 'index.html'), new Date(), new Date(Date.now() + 5000));
    const cached = table.lookup('/index.html');
    expect(cached).not.toBeInstanceOf(Promise); // no disk access inside the window
    clock += MAX_AGE_MS - 1;
    expect(table.lookup('/index.html')).toBe(cached);
    clock += 1;
    expect(decode(await table.lookup('/index.html'))).toBe('changed, and longer');
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

  test('an unchanged file keeps its entry: the same object, its answers cached on it', async () => {
    const before = await table.lookup('/index.html');
    clock += MAX_AGE_MS;
    expect(await table.lookup('/index.html')).toBe(before);
  });

  test.each([
    ['its modification time alone', (p: string) => utimesSync(p, 1_600_000_000, 1_600_000_000)],
    [
      'its size alone (the time put back)',
      (p: string) => {
        const { atime, mtime } = statSync(p);
        truncateSync(p, 4);
        utimesSync(p, atime, mtime);
      },
    ],
    [
      'its inode alone (replaced by a copy of the same size and time)',
      (p: string) => {
        const { atime, mtime } = statSync(p);
        writeFileSync(`${p}.new`, 'XXXXXXXXXXX');
        utimesSync(`${p}.new`, atime, mtime);
        renameSync(`${p}.new`, p);
      },
    ],
  ])('a file that changes %s gets a new entry', async (_what, change) => {
    const path = join(root, 'index.html');
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const before = await table.lookup('/index.html');
    change(path);
    clock += MAX_AGE_MS;
    const after = await table.lookup('/index.html');
    expect(after).not.toBe(before);
    expect(after.kind).toBe('file');
  });

  test('shares one disk lookup between concurrent misses', async () => {
    const a = table.lookup('/index.html');
    const b = table.lookup('/index.html');
    expect(a).toBe(b);
    await a;
  });

  test('shares one re-check between concurrent lookups of a stale entry', async () => {
    await table.lookup('/index.html');
    clock += MAX_AGE_MS;
    const a = table.lookup('/index.html');
    expect(a).toBeInstanceOf(Promise);
    expect(table.lookup('/index.html')).toBe(a);
    await a;
  });

  test('an entry is as fresh as the moment its check began, not ended', async () => {
    let during = 0;
    const slow = track(
      new FileTable(
        hooked({
          stat: () => {
            clock += during;
          },
        }),
        root,
        () => clock,
        0,
      ),
    );
    during = MAX_AGE_MS - 100; // the check takes most of the window
    await slow.lookup('/index.html');
    during = 0;
    clock += 100; // a whole MAX_AGE_MS since the check began, 100 ms since it ended
    expect(slow.lookup('/index.html')).toBeInstanceOf(Promise);
  });

  test('a check that failed (the file went between its stat and its read) is a miss, as fresh as a found one', async () => {
    let during = 0;
    const racing = track(
      new FileTable(
        hooked({
          read: (p) => {
            clock += during;
            unlinkSync(p);
          },
        }),
        root,
        () => clock,
        0,
      ),
    );
    during = MAX_AGE_MS - 100;
    expect((await racing.lookup('/index.html')).kind).toBe('missing');
    during = 0;
    // Not checked again within its window (no Promise), and stale a whole MAX_AGE_MS after its check began.
    expect(racing.lookup('/index.html')).toEqual({ kind: 'missing' });
    clock += 100;
    expect(racing.lookup('/index.html')).toBeInstanceOf(Promise);
  });

  test('a check the disk could not answer is unavailable, not a miss, and is not kept', async () => {
    // A real failure that says nothing of the path: the file becomes a directory between its stat and
    // its read, and the read fails with EISDIR. (Out of descriptors, EMFILE, takes the same way; the
    // fd-exhaustion conformance test runs that on every server.)
    let swap = true;
    const racing = track(
      new FileTable(
        hooked({
          read: (p) => {
            if (!swap) return;
            swap = false;
            unlinkSync(p);
            mkdirSync(p);
          },
        }),
        root,
        () => clock,
        0,
      ),
    );
    expect(await racing.lookup('/index.html')).toEqual({ kind: 'unavailable' });
    // Nothing was learnt, so nothing is served from memory: the next lookup asks the disk again.
    const next = racing.lookup('/index.html');
    expect(next).toBeInstanceOf(Promise);
    expect((await next).kind).toBe('redirect');
  });

  test('a kept file whose check fails that way keeps its entry for the next check', async () => {
    let fail = false;
    const flaky = track(
      new FileTable(
        hooked({
          stat: (p) => {
            if (!fail) return;
            fail = false;
            throw Object.assign(new Error(`EMFILE: too many open files, stat '${p}'`), { code: 'EMFILE' });
          },
        }),
        root,
        () => clock,
        0,
      ),
    );
    const found = await flaky.lookup('/index.html');
    clock += MAX_AGE_MS;
    fail = true;
    expect(await flaky.lookup('/index.html')).toEqual({ kind: 'unavailable' });
    // Still due, and the same entry once the disk answers: not a miss that a 404 would have served.
    expect(await flaky.lookup('/index.html')).toBe(found);
  });

  test('a file that changes while it is read is a miss, and found whole by the next check', async () => {
    let shrink = true;
    const racing = track(
      new FileTable(
        hooked({
          read: (p) => {
            if (shrink) truncateSync(p, 3);
            shrink = false;
          },
        }),
        root,
        () => clock,
        0,
      ),
    );
    expect((await racing.lookup('/index.html')).kind).toBe('missing');
    clock += MAX_AGE_MS;
    expect(decode(await racing.lookup('/index.html'))).toBe('<h1');
  });
});

describe('the background re-check', () => {
  test('re-checks recently used entries in the background, so lookups stay synchronous and fresh', async () => {
    const live = track(new FileTable(nodeFileSystem, root)); // real clock, background tick on
    await live.lookup('/index.html');
    writeFileSync(join(root, 'index.html'), 'rewritten while the server runs');
    utimesSync(join(root, 'index.html'), new Date(), new Date(Date.now() + 5000));
    // Keep using it, as traffic would; within a few ticks the new content is there without waiting.
    let seen: string | null = '';
    for (let i = 0; i < 20 && seen !== 'rewritten while the server runs'; i++) {
      await sleep(REVALIDATE_MS / 2);
      const e = live.lookup('/index.html');
      expect(e).not.toBeInstanceOf(Promise);
      if (!(e instanceof Promise)) seen = decode(e);
    }
    expect(seen).toBe('rewritten while the server runs');
  });

  test('an entry used within the last 5 s is re-checked; one used longer ago waits for a request', async () => {
    const frozen = { now: 1_000_000 };
    const live = track(new FileTable(nodeFileSystem, root, () => frozen.now, 5));
    await live.lookup('/index.html');
    await live.lookup('/sub/');
    frozen.now += 5000; // both last used exactly 5 s ago: still re-checked
    await sleep(50);
    frozen.now += MAX_AGE_MS - 1; // used longer ago than 5 s now: the ticks leave both alone
    await sleep(50);
    expect(live.lookup('/sub/')).not.toBeInstanceOf(Promise); // checked at 5 s, so still fresh
    frozen.now += 1;
    expect(live.lookup('/index.html')).toBeInstanceOf(Promise); // not checked since: stale
  });

  test('at most 512 re-checks start per tick, and none for an entry whose check is still out', async () => {
    for (let i = 0; i < 600; i++) linkSync(join(root, 'index.html'), join(root, `l${i}.html`));
    let stats = 0;
    let hold = false;
    let release = (): void => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const frozen = { now: 1_000_000 };
    const counting = hooked({
      stat: async () => {
        if (!hold) return;
        stats++;
        await held;
      },
    });
    const live = track(new FileTable(counting, root, () => frozen.now, 20));
    // Each lookup happens at 1,000,000, and the ticks meanwhile see 1,006,000: nothing used within 5 s,
    // so none of them starts a re-check while the table fills.
    const found: Promise<Entry>[] = [];
    for (let i = 0; i < 600; i++) {
      frozen.now = 1_000_000;
      found.push(Promise.resolve(live.lookup(`/l${i}.html`)));
      frozen.now = 1_006_000;
    }
    await Promise.all(found);
    hold = true;
    frozen.now = 1_000_100; // every entry used 100 ms ago: the next tick re-checks
    const seen: number[] = [];
    for (let i = 0; i < 60 && seen.length < 3; i++) {
      await sleep(2);
      if (stats !== (seen.at(-1) ?? 0)) seen.push(stats);
    }
    await sleep(100); // several more ticks, every check still out
    release();
    expect(seen).toEqual([512, 600]);
    expect(stats).toBe(600);
  });

  test('a table with the re-check off (revalidateMs 0) re-checks nothing by itself', async () => {
    const frozen = { now: 1_000_000 };
    const still = track(new FileTable(nodeFileSystem, root, () => frozen.now, 0));
    const before = await still.lookup('/index.html');
    writeFileSync(join(root, 'index.html'), 'changed, and longer');
    await sleep(50);
    expect(still.lookup('/index.html')).toBe(before);
  });

  test('closed, a table re-checks nothing any more', async () => {
    const frozen = { now: 1_000_000 };
    const closed = new FileTable(nodeFileSystem, root, () => frozen.now, 5);
    const before = await closed.lookup('/index.html');
    closed.close();
    writeFileSync(join(root, 'index.html'), 'changed, and longer');
    await sleep(50);
    expect(closed.lookup('/index.html')).toBe(before);
  });
});

describe('a scan of random paths', () => {
  /** Looks up `n` paths that do not exist, one after another. */
  async function misses(t: FileTable, n: number, prefix = 'missing'): Promise<void> {
    for (let i = 0; i < n; i++) await t.lookup(`/${prefix}-${i}`);
  }

  /** `n` more names for index.html (hard links), looked up: `n` file entries. */
  async function files(t: FileTable, n: number): Promise<void> {
    for (let i = 0; i < n; i++) linkSync(join(root, 'index.html'), join(root, `f${i}.html`));
    for (let i = 0; i < n; i++) await t.lookup(`/f${i}.html`);
  }

  test('does not evict the real files', async () => {
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(1024 * 1024, 7));
    const before = await table.lookup('/big.bin');
    expect(before.kind === 'file' && before.body?.length).toBe(1024 * 1024);
    await misses(table, 10_050);
    clock += MAX_AGE_MS;
    // Still the same entry, re-checked rather than read again: the table shed the misses, not the file.
    expect(await table.lookup('/big.bin')).toBe(before);
  });

  test('sheds the misses once the table holds more than 10,000 entries, and not before', async () => {
    await misses(table, 10_000);
    await table.lookup('/one-more'); // 10,000 held when it came: kept
    expect(table.lookup('/missing-0')).toEqual({ kind: 'missing' });
    await table.lookup('/and-another'); // 10,001 held: the misses go
    expect(table.lookup('/missing-0')).toBeInstanceOf(Promise);
  });

  test('keeps a miss whose check is still out when it sheds the others', async () => {
    let release = (): void => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const holding = track(
      new FileTable(
        hooked({ stat: (p) => (p.endsWith('still-out') ? held : undefined) }),
        root,
        () => clock,
        0,
      ),
    );
    await misses(holding, 10_000);
    const out = holding.lookup('/still-out'); // 10,001 entries now
    await holding.lookup('/the-last-straw');
    expect(holding.lookup('/missing-0')).toBeInstanceOf(Promise); // shed
    expect(holding.lookup('/still-out')).toBe(out); // kept, its check still out
    release();
    expect(await out).toEqual({ kind: 'missing' });
  });

  test('forgets everything when more than 5,000 files are left, and not at 5,000', async () => {
    await files(table, 4999); // with index.html itself: 5,000 files
    const kept = await table.lookup('/index.html');
    await misses(table, 5001);
    await table.lookup('/over'); // 10,001 held: the misses go, 5,000 files stay
    expect(table.lookup('/index.html')).toBe(kept);
    linkSync(join(root, 'index.html'), join(root, 'one-more.html'));
    await table.lookup('/one-more.html');
    await misses(table, 5000, 'again');
    await table.lookup('/over-again'); // 5,001 files left after the misses: all go
    const after = table.lookup('/index.html');
    expect(after).toBeInstanceOf(Promise);
    expect(await after).not.toBe(kept);
  });
});

describe('the memory budget', () => {
  /** A file of `size` bytes that takes no room on disk (sparse): zeros when read. */
  function sparse(name: string, size: number): void {
    writeFileSync(join(root, name), '');
    truncateSync(join(root, name), size);
  }

  /** Fills the budget: 8 files of MAX_CACHED_FILE, each kept in memory. */
  async function fill(t: FileTable): Promise<void> {
    expect(8 * MAX_CACHED_FILE).toBe(MAX_CACHED_TOTAL);
    for (let i = 0; i < 8; i++) {
      sparse(`kept${i}.bin`, MAX_CACHED_FILE);
      const e = (await t.lookup(`/kept${i}.bin`)) as FileEntry;
      expect(e.body?.length, `kept${i}.bin`).toBe(MAX_CACHED_FILE);
    }
  }

  async function keeps(t: FileTable, name: string, size = MAX_CACHED_FILE): Promise<boolean> {
    sparse(name, size);
    const e = (await t.lookup(`/${name}`)) as FileEntry;
    expect(e.kind).toBe('file');
    return e.body !== null;
  }

  test('a file of up to 8 MiB is kept in memory, a larger one is sent from disk', async () => {
    expect(await keeps(table, 'limit.bin')).toBe(true);
    expect(await keeps(table, 'over.bin', MAX_CACHED_FILE + 1)).toBe(false);
  });

  test('files are kept up to 64 MiB in all, and the next is sent from disk', async () => {
    await fill(table);
    expect(await keeps(table, 'ninth.bin')).toBe(false);
    expect(await keeps(table, 'tiny.bin', 1)).toBe(false);
  });

  test('a kept file that is deleted gives its room back', async () => {
    await fill(table);
    unlinkSync(join(root, 'kept3.bin'));
    clock += MAX_AGE_MS;
    expect((await table.lookup('/kept3.bin')).kind).toBe('missing');
    expect(await keeps(table, 'ninth.bin')).toBe(true);
  });

  test('a kept file that changes takes its room again, not twice', async () => {
    await fill(table);
    utimesSync(join(root, 'kept3.bin'), 1_600_000_000, 1_600_000_000);
    clock += MAX_AGE_MS;
    const changed = (await table.lookup('/kept3.bin')) as FileEntry;
    expect(changed.body?.length).toBe(MAX_CACHED_FILE);
    expect(await keeps(table, 'ninth.bin')).toBe(false);
  });

  test('a file sent from disk takes no room', async () => {
    expect(await keeps(table, 'over.bin', MAX_CACHED_FILE + 1)).toBe(false);
    await fill(table); // all eight still kept
  });

  test('a file sent from disk that is deleted gives back no room it did not take', async () => {
    await fill(table);
    expect(await keeps(table, 'ninth.bin')).toBe(false);
    unlinkSync(join(root, 'ninth.bin'));
    clock += MAX_AGE_MS;
    expect((await table.lookup('/ninth.bin')).kind).toBe('missing');
    expect(await keeps(table, 'tenth.bin')).toBe(false);
  });

  test('a kept file that becomes a directory (a redirect) gives its room back', async () => {
    await fill(table);
    unlinkSync(join(root, 'kept1.bin'));
    mkdirSync(join(root, 'kept1.bin'));
    clock += MAX_AGE_MS;
    expect((await table.lookup('/kept1.bin')).kind).toBe('redirect');
    expect(await keeps(table, 'ninth.bin')).toBe(true);
  });

  test('a kept file whose check fails (changed, then gone before it is read) gives its room back', async () => {
    let vanish = false;
    const racing = track(
      new FileTable(
        hooked({ read: (p) => (vanish && p.endsWith('kept2.bin') ? unlinkSync(p) : undefined) }),
        root,
        () => clock,
        0,
      ),
    );
    await fill(racing);
    utimesSync(join(root, 'kept2.bin'), 1_600_000_000, 1_600_000_000);
    vanish = true;
    clock += MAX_AGE_MS;
    expect((await racing.lookup('/kept2.bin')).kind).toBe('missing');
    expect(await keeps(racing, 'ninth.bin')).toBe(true);
  });

  test('a kept file gone between its stat and its real path gives its room back', async () => {
    let vanish = false;
    const racing = track(
      new FileTable(
        hooked({ realpath: (p) => (vanish && p.endsWith('kept5.bin') ? unlinkSync(p) : undefined) }),
        root,
        () => clock,
        0,
      ),
    );
    await fill(racing);
    vanish = true;
    clock += MAX_AGE_MS;
    expect((await racing.lookup('/kept5.bin')).kind).toBe('missing');
    expect(await keeps(racing, 'ninth.bin')).toBe(true);
  });

  test('a kept file whose root went away during its check gives its room back', async () => {
    let move = false;
    const moved = `${root}-moved`;
    const racing = track(
      new FileTable(
        hooked({
          realpath: (p) => {
            if (move && p === root) {
              move = false;
              renameSync(root, moved);
            }
          },
        }),
        root,
        () => clock,
        0,
      ),
    );
    await fill(racing);
    move = true;
    clock += MAX_AGE_MS;
    expect((await racing.lookup('/kept5.bin')).kind).toBe('missing');
    renameSync(moved, root);
    expect(await keeps(racing, 'ninth.bin')).toBe(true);
  });

  test('a table that forgets everything gives all the room back', async () => {
    await fill(table);
    for (let i = 0; i < 5001; i++) linkSync(join(root, 'index.html'), join(root, `f${i}.html`));
    for (let i = 0; i < 5001; i++) await table.lookup(`/f${i}.html`);
    for (let i = 0; i < 4992; i++) await table.lookup(`/missing-${i}`);
    await table.lookup('/over'); // 10,001 held: the misses go, then every file
    expect(await keeps(table, 'ninth.bin')).toBe(true);
  });

  test('the file system is the one the table reads through', () => {
    expect(table.fileSystem).toBe(nodeFileSystem);
  });
});
