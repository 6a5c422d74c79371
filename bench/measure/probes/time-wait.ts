// The close scenario: the sockets a connection per request leaves in TIME_WAIT, counted after the load.
import { countTimeWait } from '../../proc/tcp-states.ts';
import type { Probe } from './probe.ts';

export const timeWaitProbe: Probe = {
  start({ target }) {
    return { finish: () => ({ timeWait: countTimeWait(target.port) }) };
  },
};
