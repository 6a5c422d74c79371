// npm test's pretest: the tests drive real programs that npm cannot install (a browser for the report,
// wrk as a second load engine, nginx as the reference server, Python for the lesson's server, ss for the
// congestion control of a server's sockets). Missing ones are installed with apt-get when this runs as
// root on Debian; otherwise it stops with the command.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

interface Tool {
  readonly name: string;
  /** Where the tests look for it. */
  readonly paths: readonly string[];
  /** The Debian package that brings it. */
  readonly pkg: string;
}

const TOOLS: readonly Tool[] = [
  { name: 'chromium', paths: ['/usr/bin/chromium'], pkg: 'chromium' },
  { name: 'wrk', paths: ['/usr/bin/wrk', '/usr/local/bin/wrk'], pkg: 'wrk' },
  { name: 'nginx', paths: ['/usr/sbin/nginx', '/usr/bin/nginx'], pkg: 'nginx-light' },
  { name: 'python3', paths: ['/usr/bin/python3', '/usr/local/bin/python3'], pkg: 'python3' },
  { name: 'taskset', paths: ['/usr/bin/taskset', '/bin/taskset'], pkg: 'util-linux' },
  { name: 'ss', paths: ['/usr/bin/ss', '/bin/ss'], pkg: 'iproute2' },
];

function present(tool: Tool): boolean {
  return tool.paths.some((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function hasAptGet(): boolean {
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

const missing = TOOLS.filter((tool) => !present(tool));
if (missing.length > 0) {
  const packages = [...new Set(missing.map((t) => t.pkg))];
  const names = missing.map((t) => t.name).join(', ');
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (process.getuid?.() !== 0 || !hasAptGet()) {
    process.stderr.write(`pretest: the tests need ${names}; install with: sudo ${command}\n`);
    process.exit(1);
  }
  process.stderr.write(`pretest: installing ${packages.join(' ')} with apt-get (the tests use ${names})\n`);
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
  } catch (e) {
    process.stderr.write(
      `pretest: apt-get failed (${(e as Error).message.split('\n')[0]}); run: ${command}\n`,
    );
    process.exit(1);
  }
  const still = TOOLS.filter((tool) => !present(tool));
  if (still.length > 0) {
    process.stderr.write(`pretest: still missing after apt-get: ${still.map((t) => t.name).join(', ')}\n`);
    process.exit(1);
  }
}
