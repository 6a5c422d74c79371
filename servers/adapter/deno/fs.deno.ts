// The core's FileSystem on Deno's own file API.
import { type FileStat, type FileSystem, isAbsence, type OpenFile } from '../../core/files.ts';

export function statOf(st: Deno.FileInfo): FileStat {
  return {
    kind: st.isFile ? 'file' : st.isDirectory ? 'directory' : 'other',
    size: st.size,
    mtimeMs: st.mtime?.getTime() ?? 0,
    ino: st.ino ?? 0,
  };
}

export const denoFileSystem: FileSystem = {
  async stat(path: string): Promise<FileStat | null> {
    try {
      return statOf(await Deno.stat(path));
    } catch (error) {
      if (isAbsence(error)) return null;
      throw error;
    }
  },

  async realpath(path: string): Promise<string | null> {
    try {
      return await Deno.realPath(path);
    } catch (error) {
      if (isAbsence(error)) return null;
      throw error;
    }
  },

  async read(path: string, start: number, end: number): Promise<Uint8Array> {
    using file = await Deno.open(path, { read: true });
    await file.seek(start, Deno.SeekMode.Start);
    const out = new Uint8Array(end - start);
    let filled = 0;
    while (filled < out.length) {
      const n = await file.read(out.subarray(filled));
      if (n === null) break; // the file shrank under us; the caller sees the short length
      filled += n;
    }
    return out.subarray(0, filled);
  },

  async open(path: string): Promise<OpenFile | null> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { read: true });
    } catch (error) {
      if (isAbsence(error)) return null;
      throw error;
    }
    // One reader per open file, so seeking before each read is safe.
    let at = 0;
    return {
      async read(into, position) {
        if (position !== at) await file.seek(position, Deno.SeekMode.Start);
        const n = (await file.read(into)) ?? 0;
        at = position + n;
        return n;
      },
      stat: async () => statOf(await file.stat()),
      close: async () => file.close(),
    };
  },

  buffer: (size) => new Uint8Array(size), // Deno has no allocation without the zero fill
};
