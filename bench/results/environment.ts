// The machine and software a run measured on, for the report and for anyone reproducing it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { REPO_ROOT, runtimeBinary } from '../../servers/launch.ts';
import type { Environment } from '../model/schema.ts';

function output(file: string, args: readonly string[]): string | null {
  try {
    return execFileSync(file, args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
  } catch {
    return null;
  }
}

function runtimeVersion(runtime: 'node' | 'bun' | 'deno'): string | null {
  try {
    const text = output(runtimeBinary(runtime), ['--version']);
    // "v24.22.3" for node, "1.4.5" for bun, "deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)\nv8 ..." for deno.
    return text === null ? null : (/(\d+\.\d+\.\d+\S*)/.exec(text)?.[1] ?? text);
  } catch {
    return null;
  }
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command as the user would type it again: through npm when npm ran it. */
export function commandLine(argv: readonly string[], script: string | undefined, file: string): string {
  const args = argv.map(quote).join(' ');
  if (script) return `npm run ${script}${args ? ` -- ${args}` : ''}`;
  return `node --import tsx ${file}${args ? ` ${args}` : ''}`;
}

export function collectEnvironment(
  engine: Environment['engine'],
  pinning: Environment['pinning'],
  command: string,
  tcp: NonNullable<Environment['tcp']>,
): Environment {
  const commit = output('git', ['rev-parse', 'HEAD']);
  const status = commit === null ? null : output('git', ['status', '--porcelain']);
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    os: osName(),
    kernel: release(),
    runtimes: {
      node: runtimeVersion('node') ?? 'not installed',
      bun: runtimeVersion('bun'),
      deno: runtimeVersion('deno'),
    },
    engine,
    git: { commit, dirty: status !== null && status !== '' },
    pinning,
    date: new Date().toISOString(),
    command,
    tcp,
  };
}
