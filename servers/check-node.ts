// npm ci's postinstall: one line saying which Node the servers will run on, or why there is none here.
// Never fails the install: everything but the node targets works without it.
import { describePinnedNode } from './pinned-node.ts';

const { ok, line } = describePinnedNode();
(ok ? process.stdout : process.stderr).write(`${line}\n`);
