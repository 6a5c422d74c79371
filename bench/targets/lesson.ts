// The lesson's own server as a reference target: lesson-server.py, started on a free port, pinned like
// every server, ready when it accepts, stopped with the run. It needs python3, as nginx needs nginx.
import { fileURLToPath } from 'node:url';
import { pinned, spawnTracked } from '../proc/children.ts';
import { freePort, whenAccepting } from './ports.ts';
import type { RunningTarget, StartFailure } from './running.ts';

const SCRIPT = fileURLToPath(new URL('./lesson-server.py', import.meta.url));

export async function startLesson(
  python: string,
  root: string,
  serverCpus: string | null,
  signal: AbortSignal,
): Promise<RunningTarget | StartFailure> {
  const port = await freePort();
  // -u: unbuffered, so a traceback reaches stderr at once.
  const [file, args] = pinned(serverCpus, python, ['-u', SCRIPT, String(port), root]);
  const child = spawnTracked(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return whenAccepting('the lesson server', child, port, signal);
}
