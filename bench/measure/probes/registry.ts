// Every probe a scenario can name, by name: a name without code here does not compile.
import type { ProbeName } from '../../model/scenarios.ts';
import { idleMemoryProbe } from './idle-memory.ts';
import type { Probe } from './probe.ts';
import { slowClientsProbe } from './slow-clients.ts';
import { timeWaitProbe } from './time-wait.ts';

export const PROBES: Readonly<Record<ProbeName, Probe>> = {
  'slow-clients': slowClientsProbe,
  'idle-memory': idleMemoryProbe,
  'time-wait': timeWaitProbe,
};
