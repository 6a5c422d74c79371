// The core's FileSystem on Bun: Bun.file for reads, node:fs for stat and realpath (Bun has no own API
// for those, and its node:fs is native).
import { realpath, stat } from 'node:fs/promises';
import type { FileStat, FileSystem } from '../core/files.ts';

export const bunFileSystem: FileSystem = {
  async stat(path: string): Promise<FileStat | null> {
    try {
      const st = await stat(path);
      return {
        kind: st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other',
        size: st.size,
        mtimeMs: st.mtimeMs,
        ino: st.ino,
      };
    } catch {
      return null;
    }
  },

  async realpath(path: string): Promise<string | null> {
    try {
      return await realpath(path);
    } catch {
      return null;
    }
  },

  async read(path: string, start: number, end: number): Promise<Uint8Array> {
    return await Bun.file(path).slice(start, end).bytes();
  },
};
