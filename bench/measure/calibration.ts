// The engine's own ceiling on this machine, measured at the start of every run: a few seconds of small's
// load against the calibration target, which answers with prepared bytes and does nothing else. Each
// target's small figure is then also a share of what the engine can do here, and a figure near the
// ceiling is client-bound whatever the client's CPU said.
import type { LoadEngine, LoadSpec } from '../engines/types.ts';
import { SCENARIOS } from '../model/scenarios.ts';
import type { Environment } from '../model/schema.ts';
import { requestTimeoutMs } from '../plan/plan.ts';
import { startCalibrationServer } from '../targets/calibration.ts';
import { expectedAnswer } from './preflight.ts';
import { measureWindow } from './window.ts';

export type Calibration = NonNullable<Environment['calibration']>;

const WARMUP_SEC = 1;
const WINDOW_SEC = 1;
const WINDOWS = 2;

/** The ceiling, or null (and why, on stderr) when the calibration could not run. */
export async function calibrate(
  engine: LoadEngine,
  root: string,
  serverCpus: string | null,
  signal: AbortSignal,
): Promise<Calibration | { error: string }> {
  const server = await startCalibrationServer(root, serverCpus);
  if ('error' in server) return { error: `${server.error}: ${server.stderr}`.trim() };
  try {
    const expect = await expectedAnswer(server.host, server.port, root, SCENARIOS.small);
    if ('error' in expect) return { error: expect.error };
    const spec: LoadSpec = {
      origin: `http://127.0.0.1:${server.port}`,
      path: SCENARIOS.small.path,
      connections: SCENARIOS.small.connections,
      durationSec: WARMUP_SEC,
      closeEachRequest: false,
      pipelining: 1,
      rate: null,
      timeoutMs: requestTimeoutMs(WINDOW_SEC),
      expect,
      idleConnections: 0,
    };
    const unsupported = engine.cannotMeasure(spec);
    if (unsupported !== null) return { error: unsupported };
    await engine.load(spec, {}, signal);
    const windows: number[] = [];
    const clientCpu: number[] = [];
    for (let i = 0; i < WINDOWS; i++) {
      const { repetition } = await measureWindow(
        engine,
        server,
        { ...spec, durationSec: WINDOW_SEC },
        [],
        () => {},
        signal,
      );
      if (repetition.wrongAnswers > 0 || repetition.errors + repetition.timeouts > 0) {
        return { error: 'the engine saw wrong answers or errors from the calibration server' };
      }
      windows.push(repetition.requestsPerSec);
      if (repetition.clientCpuPercent !== null) clientCpu.push(repetition.clientCpuPercent);
    }
    return {
      requestsPerSec: windows.reduce((a, b) => a + b, 0) / windows.length,
      windows,
      clientCpuPercent:
        clientCpu.length === 0 ? null : clientCpu.reduce((a, b) => a + b, 0) / clientCpu.length,
      connections: spec.connections,
      durationSec: WINDOW_SEC,
    };
  } finally {
    await server.stop();
  }
}
