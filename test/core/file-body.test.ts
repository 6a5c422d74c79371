// A file too large to keep in memory, sent a piece at a time: the bytes of the version the head promised,
// or a stop. Real files in a temporary folder, through the Node adapter's FileSystem.
import {
  appendFileSync,
  mkdtempSync,
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
import { FileChanged, FileReader, fileBody, PIECE_BYTES } from '../../servers/core/file-body.ts';
import { type FileEntry, MAX_CACHED_FILE } from '../../servers/core/files.ts';

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
    await expect(readAll(reader)).rejects.toBeInstanceOf(FileChanged);
  });

  test('that is written in place while it is sent stops the send: no body of two versions', async () => {
    const reader = new FileReader(nodeFileSystem, fileBody(await entry(), 0, SIZE));
    await reader.next();
    appendFileSync(join(dir, 'big.bin'), 'more');
    await expect(reader.next()).rejects.toBeInstanceOf(FileChanged);
    await reader.close();
  });

  test('that changed between its check and the send is not sent at all', async () => {
    const e = await entry();
    utimesSync(join(dir, 'big.bin'), new Date(), new Date(Date.now() + 5000));
    await expect(new FileReader(nodeFileSystem, fileBody(e, 0, SIZE)).next()).rejects.toBeInstanceOf(
      FileChanged,
    );
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
    await expect(new FileReader(nodeFileSystem, fileBody(e, 0, SIZE)).next()).rejects.toBeInstanceOf(
      FileChanged,
    );
  });
});
