// async: one event loop on node:net. Every socket feeds the shared core; nothing ever blocks.
import { runEntry } from '../adapter/node/entry.ts';
import { eventLoopServer } from './server.ts';

await runEntry('async', eventLoopServer);
