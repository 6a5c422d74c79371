// The site a run serves. Usually the bundled html/ as it is; when a scenario of the plan needs a generated
// file (huge, stream), a copy of it in a temporary folder with those files generated beside the others
// (never committed, never in html/), removed when the run ends, however it ends.
import { randomFillSync } from 'node:crypto';
import { closeSync, cpSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../model/scenarios.ts';

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

export function prepareSite(bundled: string, scenarios: readonly Scenario[]): RunSite {
  const files = scenarios.flatMap((s) => (s.generatedFile === null ? [] : [s.generatedFile]));
  if (files.length === 0) return { root: bundled, remove: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'bench-site-'));
  const root = join(dir, 'site');
  cpSync(bundled, root, { recursive: true });
  for (const file of files) writeRandom(join(root, file.name), file.bytes);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return { root, remove };
}
