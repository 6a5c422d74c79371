// The core's FileSystem on node:fs. Also what Bun and Deno use when they run the Node servers.
import { open, realpath, stat } from 'node:fs/promises';
import { type FileStat, type FileSystem, isAbsence, type OpenFile } from '../../core/files.ts';

function statOf(st: {
  isFile(): boolean;
  isDirectory(): boolean;
  size: number;
  mtimeMs: number;
  ino: number;
}): FileStat {
  return {
    kind: st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other',
    size: st.size,
    mtimeMs: st.mtimeMs,
    ino: st.ino,
  };
}

export const nodeFileSystem: FileSystem = {
  async stat(path: string): Promise<FileStat | null> {
    try {
      return statOf(await stat(path));
    } catch (error) {
      if (isAbsence(error)) return null; // missing, not a directory on the way, or unreadable: all 404
      throw error;
    }
  },

  async realpath(path: string): Promise<string | null> {
    try {
      return await realpath(path);
    } catch (error) {
      if (isAbsence(error)) return null;
      throw error;
    }
  },

  async read(path: string, start: number, end: number): Promise<Uint8Array> {
    const handle = await open(path, 'r');
    try {
      const out = Buffer.allocUnsafe(end - start);
      let filled = 0;
      while (filled < out.length) {
        const { bytesRead } = await handle.read(out, filled, out.length - filled, start + filled);
        if (bytesRead === 0) break; // the file shrank under us; the caller sees the short length
        filled += bytesRead;
      }
      return out.subarray(0, filled);
    } finally {
      await handle.close();
    }
  },

  async open(path: string): Promise<OpenFile | null> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isAbsence(error)) return null;
      throw error;
    }
    return {
      read: async (into, position) => (await handle.read(into, 0, into.length, position)).bytesRead,
      stat: async () => statOf(await handle.stat()),
      close: () => handle.close(),
    };
  },

  // allocUnsafeSlow: not zero-filled (the read overwrites it) and not a view of the shared small pool.
  buffer: (size) => Buffer.allocUnsafeSlow(size),
};
