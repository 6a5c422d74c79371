// A file too large for memory as a Bun "direct" stream: Bun.serve calls pull() once, and awaiting each
// write is its backpressure. A default stream instead hands Bun every piece as a buffer of its own, held
// until the garbage collector finds it: 16 clients downloading a 256 MiB file took 424 MiB that way.
// Bun has copied a piece or sent it once its write has settled, so the reader reads into its few
// buffers again (held 0).
import { FileReader } from '../../core/file-body.ts';
import type { FileStream } from '../web/fetch-answer.ts';

export const directFileStream: FileStream = (fs, body, where) => {
  const reader = new FileReader(fs, body);
  const source: Bun.DirectUnderlyingSource<Uint8Array> = {
    type: 'direct',
    async pull(controller) {
      try {
        for (let piece = await reader.next(0); piece !== null; piece = await reader.next(0)) {
          await controller.write(piece);
        }
        controller.close();
      } catch (e) {
        console.error(`${where} answer cut short: ${(e as Error).message}`);
        controller.close(e as Error);
      } finally {
        await reader.close();
      }
    },
    cancel: () => reader.close(),
  };
  return new ReadableStream(source);
};
