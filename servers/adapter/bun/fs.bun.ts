// The core's FileSystem on Bun: Bun.file for reads; stat and realpath from node:fs, which Bun provides
// natively and has no API of its own for.
import type { FileSystem } from '../../core/files.ts';
import { nodeFileSystem } from '../node/fs.ts';

export const bunFileSystem: FileSystem = {
  stat: nodeFileSystem.stat,
  realpath: nodeFileSystem.realpath,
  read: (path, start, end) => Bun.file(path).slice(start, end).bytes(),
  open: nodeFileSystem.open,
  buffer: nodeFileSystem.buffer,
};
