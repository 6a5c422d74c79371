// The stalled and slowloris scenarios' slow clients, running from before the warm-up to the last window.
import type { Probe } from './probe.ts';
import { SlowClients } from './slow-clients-load.ts';

export const slowClientsProbe: Probe = {
  start({ target, scenario }) {
    const spec = scenario.slowClients!;
    const slow = new SlowClients(target.host, target.port, spec.count, spec.byteIntervalMs, spec.headPadding);
    return {
      finish: () => {
        slow.stop();
        return {
          slowClients: {
            count: spec.count,
            byteIntervalMs: spec.byteIntervalMs,
            completed: slow.completed,
            cut: slow.cut,
          },
        };
      },
    };
  },
};
