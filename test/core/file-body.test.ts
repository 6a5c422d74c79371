// A file too large to keep in memory, sent a piece at a time: the bytes of the version the head promised,
// or a stop. Real files in a temporary folder, through the Node adapter's FileSystem.
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { nodeFileSystem } from '../../servers/adapter/node/fs.ts';
import { Site } from '../../servers/core/answer.ts';
import {
  FileChanged,
  FileReader,
  fileBody,
  PIECE_BYTES,
  sameVersion,
  versionCheckDue,
} from '../../servers/core/file-body.ts';
import { type FileEntry, type FileStat, type FileSystem, MAX_CACHED_FILE } from '../../servers/core/files.ts';

const SIZE = MAX_CACHED_FILE + PIECE_BYTES + 123; // too large to keep in memory: sent from disk

let dir: string;
let site: Site;
let content: Buffer;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-body-'));
  content = Buffer.alloc(SIZE);
  for (let i = 0; i + 4 <= SIZE; i += 4) content.writeUInt32LE(i, i);
  writeFileSync(join(dir, 'big.bin'), content);
  site = new Site(nodeFileSystem, dir, { revalidateMs: 0 });
});

afterEach(() => {
  site?.close();
  rmSync(dir, { recursive: true, force: true });
});

const question = { method: 'GET', target: '/big.bin', ifNoneMatch: null, ifModifiedSince: null, range: null };

async function entry(): Promise<FileEntry> {
  const e = await site.files.lookup('/big.bin');
  if (e.kind !== 'file') throw new Error('no entry');
  return e;
}

/** The send stops with FileChanged, and says why. */
async function stopsWith(sending: Promise<unknown>, message: string): Promise<void> {
  const err = await sending.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FileChanged);
  expect((err as Error).message).toBe(message);
}

async function readAll(reader: FileReader): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for (let p = await reader.next(); p !== null; p = await reader.next()) pieces.push(p);
  await reader.close();
  return Buffer.concat(pieces);
}

describe('a file too large to keep', () => {
  test('is answered with its range on disk, not read into memory', async () => {
    const answer = await site.answer(question);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ kind: 'file', start: 0, end: SIZE });
    expect(answer.headers).toContainEqual(['Content-Length', String(SIZE)]);
    const ranged = await site.answer({ ...question, range: 'bytes=1000-2999' });
    expect(ranged.status).toBe(206);
    expect(ranged.body).toMatchObject({ kind: 'file', start: 1000, end: 3000 });
    expect((await site.answer({ ...question, method: 'HEAD' })).body).toBeNull();
  });

  test('is read back byte-exact, whole or in a range that crosses pieces', async () => {
    const e = await entry();
    expect((await readAll(new FileReader(nodeFileSystem, fileBody(e, 0, SIZE)))).equals(content)).toBe(true);
    const from = PIECE_BYTES - 7;
    const to = PIECE_BYTES * 2 + 13;
    const part = await readAll(new FileReader(nodeFileSystem, fileBody(e, from, to)));
    expect(part.equals(content.subarray(from, to))).toBe(true);
  });

  test('reuses its buffers only once the transport has let go of what they held', async () => {
    // A transport that holds the tail of what it was given, as a socket does that takes part of each
    // piece: what it lets go of is copied out then, so a buffer read into again too early shows up as
    // wrong bytes in what was "sent".
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    const held: Uint8Array[] = [];
    let heldBytes = 0;
    const sent: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const letGo = (n: number): void => {
      while (n > 0 && held.length > 0) {
        const first = held[0]!;
        const take = Math.min(n, first.length);
        sent.push(Buffer.from(first.subarray(0, take)));
        if (take === first.length) held.shift();
        else held[0] = first.subarray(take);
        heldBytes -= take;
        n -= take;
      }
    };
    let turn = 0;
    for (let p = await reader.next(heldBytes); p !== null; p = await reader.next(heldBytes)) {
      buffers.add(p.buffer);
      held.push(p);
      heldBytes += p.length;
      // Let go of nothing, part of a piece, or all of it, in turn.
      letGo([0, Math.floor(PIECE_BYTES / 3), heldBytes, PIECE_BYTES + 5][turn++ % 4]!);
    }
    letGo(heldBytes);
    expect(Buffer.concat(sent).equals(content)).toBe(true);
    expect(buffers.size).toBeLessThanOrEqual(4); // its own few buffers, not one per piece
  });

  test('that shrinks while it is sent stops the send instead of falling short', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    expect((await reader.next())?.length).toBe(PIECE_BYTES);
    truncateSync(join(dir, 'big.bin'), PIECE_BYTES + 10);
    await stopsWith(readAll(reader), `${join(dir, 'big.bin')} shrank while it was being sent`);
  });

  test('that is written in place while it is sent stops the send: no body of two versions', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    await reader.next();
    appendFileSync(join(dir, 'big.bin'), 'more');
    await stopsWith(reader.next(), `${join(dir, 'big.bin')} changed while it was being sent`);
    await reader.close();
  });

  test('that changed between its check and the send is not sent at all', async () => {
    const e = await entry();
    utimesSync(join(dir, 'big.bin'), new Date(), new Date(Date.now() + 5000));
    // Said before a byte is read: `changed`, not `changed while it was being sent`.
    await stopsWith(new FileReader(nodeFileSystem, fileBody(e, 0, SIZE)).next(), `${e.diskPath} changed`);
  });

  test('that is replaced by a new file while it is sent is still sent whole, as the version it was', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    const first = await reader.next();
    writeFileSync(join(dir, 'next.bin'), 'the new version');
    renameSync(join(dir, 'next.bin'), join(dir, 'big.bin'));
    const rest = await readAll(reader);
    expect(Buffer.concat([first!, rest]).equals(content)).toBe(true);
  });

  test('that is gone before the send starts stops it', async () => {
    const e = await entry();
    rmSync(join(dir, 'big.bin'));
    await stopsWith(new FileReader(nodeFileSystem, fileBody(e, 0, SIZE)).next(), `${e.diskPath} is gone`);
  });
});

describe('a send a piece at a time', () => {
  test('goes on after a short read, from where that read stopped', async () => {
    // A runtime may read fewer bytes than asked for (Deno's FsFile.read does); the real file, 64 KiB a read.
    const shortReads: FileSystem = {
      ...nodeFileSystem,
      async open(path) {
        const file = await nodeFileSystem.open(path);
        return file && { ...file, read: (into, at) => file.read(into.subarray(0, 64 * 1024), at) };
      },
    };
    const e = await entry();
    const from = 1000;
    const part = await readAll(new FileReader(shortReads, fileBody(e, from, SIZE)));
    expect(part.equals(content.subarray(from))).toBe(true);
  });

  test('a transport that lets go of each piece before the next gets the same buffer every time', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    const buffers = new Set<ArrayBufferLike>();
    const pieces: Buffer[] = [];
    for (let p = await reader.next(0); p !== null; p = await reader.next(0)) {
      buffers.add(p.buffer);
      pieces.push(Buffer.from(p));
    }
    expect(Buffer.concat(pieces).equals(content)).toBe(true);
    expect(buffers.size).toBe(1);
  });

  test('with every piece held: three buffers of its own, then a buffer per piece that it does not keep', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    const pieces: Uint8Array[] = [];
    for (let p = await reader.next(); p !== null; p = await reader.next()) pieces.push(p);
    expect(pieces).toHaveLength(10);
    expect(new Set(pieces.map((p) => p.buffer)).size).toBe(10);
    // Its own buffers are a whole piece long; the last, short piece is a buffer of just its size.
    expect(pieces.map((p) => p.buffer.byteLength)).toEqual([...Array(9).fill(PIECE_BYTES), 123]);
  });

  test('takes back exactly the pieces older than the bytes the transport still holds', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    const a = await reader.next(Number.POSITIVE_INFINITY);
    const b = await reader.next(Number.POSITIVE_INFINITY);
    // The transport holds exactly the last piece (b): a is free again, and read into next.
    const c = await reader.next(PIECE_BYTES);
    expect(c!.buffer).toBe(a!.buffer);
    // Holding one byte more than the last piece keeps the one before it too (b): a third buffer.
    const d = await reader.next(PIECE_BYTES + 1);
    expect(d!.buffer).not.toBe(a!.buffer);
    expect(d!.buffer).not.toBe(b!.buffer);
    await reader.close();
  });

  test('after a run of pieces in buffers of their own, its three buffers come back in order of age', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    const held = Number.POSITIVE_INFINITY;
    const own = [await reader.next(held), await reader.next(held), await reader.next(held)];
    const fresh = [await reader.next(held), await reader.next(held)];
    for (const p of fresh) expect(own.map((o) => o!.buffer)).not.toContain(p!.buffer);
    // The transport still holds the two fresh pieces and half of the third own one: the first two own
    // buffers are free, the third is not. The newest free one is read into first.
    const next = await reader.next(2 * PIECE_BYTES + PIECE_BYTES / 2);
    expect(next!.buffer).toBe(own[1]!.buffer);
    // Holding only the fresh pieces frees the third own buffer.
    const after = await reader.next(3 * PIECE_BYTES);
    expect([own[0]!.buffer, own[2]!.buffer]).toContain(after!.buffer);
    await reader.close();
  });

  test('a piece in a buffer of its own counts apart from its own buffers: holding just it frees them all', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    const held = Number.POSITIVE_INFINITY;
    const own = [await reader.next(held), await reader.next(held), await reader.next(held)];
    await reader.next(held); // a buffer of its own, not kept
    // The transport holds that last piece only: all three own buffers are free; the newest comes first.
    const next = await reader.next(PIECE_BYTES);
    expect(next!.buffer).toBe(own[2]!.buffer);
    await reader.close();
  });

  test('lets go of all it holds at once: the newest of its own buffers is read into next', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    const held = Number.POSITIVE_INFINITY;
    const own = [await reader.next(held), await reader.next(held), await reader.next(held)];
    await reader.next(held); // a buffer of its own, not kept
    const next = await reader.next(0);
    expect(next!.buffer).toBe(own[2]!.buffer);
    await reader.close();
  });

  test('once closed it hands out nothing more and has closed its file', async () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    expect(await reader.next()).not.toBeNull();
    expect(fds()).toBe(before + 1);
    await reader.close();
    expect(fds()).toBe(before);
    expect(await reader.next()).toBeNull();
    await reader.close(); // twice is harmless
  });

  test('closing a reader that never opened its file is harmless', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    await expect(reader.close()).resolves.toBeUndefined();
    expect(await reader.next()).toBeNull();
  });
});

describe('the version a body promised', () => {
  const promised = { size: 100, mtimeMs: 1_700_000_000_123.5, ino: 42 } as FileEntry;
  const same: FileStat = { kind: 'file', size: 100, mtimeMs: 1_700_000_000_123.5, ino: 42 };

  test.each([
    ['the same file', same, true],
    ['a directory now', { ...same, kind: 'directory' }, false],
    ['something else now', { ...same, kind: 'other' }, false],
    ['a new size', { ...same, size: 101 }, false],
    ['a new time', { ...same, mtimeMs: same.mtimeMs + 0.5 }, false],
    ['another file (inode)', { ...same, ino: 43 }, false],
  ] as const)('%s: %s', (_what, st, expected) => {
    expect(sameVersion(st, promised)).toBe(expected);
  });

  test.each([
    // position, checked at, end
    [PIECE_BYTES - 1, 0, 10 * PIECE_BYTES, false],
    [PIECE_BYTES, 0, 10 * PIECE_BYTES, true],
    [3 * PIECE_BYTES + 10, 2 * PIECE_BYTES + 11, 10 * PIECE_BYTES, false],
    [3 * PIECE_BYTES + 11, 2 * PIECE_BYTES + 11, 10 * PIECE_BYTES, true],
    [500, 400, 501, false],
    [501, 400, 501, true], // the last bytes: always checked before they are handed on
    [600, 400, 501, true],
  ])('a stream at %i, checked at %i, ending at %i: check now is %s', (position, checkedAt, end, due) => {
    expect(versionCheckDue(position, checkedAt, end)).toBe(due);
  });
});
