// Node 20 cannot run TypeScript by itself, and the tsx hooks installed by --import in the main thread
// do not reach a worker's first import; so on Node a worker starts here, registers tsx, then loads
// worker.ts. Bun and Deno start worker.ts directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
