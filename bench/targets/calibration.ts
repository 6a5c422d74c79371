// Starts the calibration target (calibration-server.bun.ts) on the server CPUs, as any server is.
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runtimeBinary } from '../../servers/launch.ts';
import { pinned, spawnTracked, stopChild } from '../proc/children.ts';
import { collectStderr, type RunningTarget, runningProcess, type StartFailure } from './running.ts';

const MAIN = fileURLToPath(new URL('./calibration-server.bun.ts', import.meta.url));

export async function startCalibrationServer(
  root: string,
  serverCpus: string | null,
): Promise<RunningTarget | StartFailure> {
  const [file, args] = pinned(serverCpus, runtimeBinary('bun'), ['run', '--silent', MAIN, root]);
  const child = spawnTracked(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = collectStderr(child);
  const line = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 30_000);
    createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', () => resolve(null));
  });
  const port = line === null ? 0 : Number((JSON.parse(line) as { port?: number }).port ?? 0);
  if (port <= 0) {
    await stopChild(child);
    return { error: 'the calibration server did not start', stderr: tail() };
  }
  child.stdout!.resume();
  return runningProcess(child, '127.0.0.1', port, tail);
}
