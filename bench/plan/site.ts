// The site a run serves. Usually the bundled html/ as it is; when the plan has the huge scenario, a copy
// of it in a temporary folder with the huge file generated beside the others (never committed, never in
// html/), removed when the run ends, however it ends.
import { randomFillSync } from 'node:crypto';
import { closeSync, cpSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUGE_BYTES, HUGE_FILE } from './scenarios.ts';

export interface RunSite {
  readonly root: string;
  /** Removes what the run generated; the bundled site is never touched. */
  remove(): void;
}

/**
 * Random bytes, so no layer can compress them: a 4 MiB random piece written again and again, each copy
 * stamped with its number at its start so no two pieces of the file are alike. Flushed to disk before it
 * returns: otherwise the kernel writes the file back some seconds later, in the middle of whichever
 * measurement is running then.
 */
export function writeRandom(path: string, bytes: number): void {
  const piece = randomFillSync(Buffer.alloc(4 * 1024 * 1024));
  const fd = openSync(path, 'w');
  try {
    for (let written = 0, n = 0; written < bytes; written += piece.length, n++) {
      piece.writeUInt32LE(n, 0);
      writeSync(fd, piece, 0, Math.min(piece.length, bytes - written));
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function prepareSite(bundled: string, withHuge: boolean): RunSite {
  if (!withHuge) return { root: bundled, remove: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'bench-site-'));
  const root = join(dir, 'site');
  cpSync(bundled, root, { recursive: true });
  writeRandom(join(root, HUGE_FILE), HUGE_BYTES);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return { root, remove };
}
