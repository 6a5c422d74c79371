// Answers from a site whose files change under it, through an in-memory FileSystem: the interface the
// runtimes implement, here with a file that shrinks between its stat and its read.
import { expect, test } from 'vitest';
import { Site } from '../../servers/core/answer.ts';
import { type FileSystem, MAX_CACHED_FILE } from '../../servers/core/files.ts';

const SIZE = MAX_CACHED_FILE + 10; // too large to keep, so every request reads it

function shrinkingFs(): FileSystem {
  return {
    stat: async (path) =>
      path.endsWith('/big.bin') ? { kind: 'file', size: SIZE, mtimeMs: 1, ino: 1 } : null,
    realpath: async (path) => path,
    // The file lost its last 10 bytes since the stat.
    read: async (_path, start, end) => new Uint8Array(Math.max(0, Math.min(end, SIZE - 10) - start)),
  };
}

test('a file that shrank since its stat is answered 503, never with fewer bytes than Content-Length', async () => {
  const site = new Site(shrinkingFs(), '/srv', { revalidateMs: 0 });
  const q = { method: 'GET', target: '/big.bin', ifNoneMatch: null, ifModifiedSince: null };
  expect((await site.answer({ ...q, range: null })).status).toBe(503);
  expect((await site.answer({ ...q, range: 'bytes=0-99' })).status).toBe(206); // that part is still there
  expect((await site.answer({ ...q, range: `bytes=${SIZE - 20}-` })).status).toBe(503);
  site.close();
});
