// Node 20 cannot run TypeScript, and a loader (tsx) would stay in every server process: an extra
// thread, its own heap, about 30 MB of RSS and slower start-up, none of it the server's. So the Node
// entries are bundled to plain JavaScript once, with esbuild, and Node runs the bundle. Bun and Deno
// strip types themselves and run the sources. The bundle is rebuilt whenever a source is newer.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';

const SOURCE_EXTENSIONS = /\.(ts|mjs)$/;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (SOURCE_EXTENSIONS.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The bundled .mjs for a Node entry (and for the worker a pool starts, which must sit beside it).
 * `entries` are paths relative to `repoRoot`; the bundle for entry i is at the same path under `outDir`.
 */
export function bundleNodeEntries(repoRoot: string, outDir: string, entries: readonly string[]): string[] {
  const outputs = entries.map((e) => join(outDir, e.replace(/\.ts$/, '.mjs')));
  const sources = newestSource(join(repoRoot, 'servers'));
  if (outputs.every((o) => mtime(o) > sources)) return outputs;
  const result = buildSync({
    absWorkingDir: repoRoot,
    entryPoints: entries.map((e) => join(repoRoot, e)),
    outbase: repoRoot,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    write: false,
  });
  // Test files and the bench may build at the same moment: each file is replaced whole, never half-written.
  for (const out of result.outputFiles) {
    mkdirSync(dirname(out.path), { recursive: true });
    const tmp = `${out.path}.${process.pid}.tmp`;
    writeFileSync(tmp, out.contents);
    renameSync(tmp, out.path);
  }
  return outputs;
}
