// A file too large for memory, on Deno.serve: the open file's own stream, relayed through a check of the
// file's version. Handed to Deno.serve as is, that stream is sent from Rust where nothing in JavaScript
// can stop it (Deno 2.9.6 takes the file out of the resource table), so a file rewritten in place (same
// size, new bytes) during a slow download went out old then new, complete, as a success. Relayed, each
// piece passes through here: the version is checked every PIECE_BYTES and before the last bytes
// (versionCheckDue), and a change or a short file errors the stream, which makes Deno cut the connection.
// The pieces are Deno's own reads, each a new buffer: one run of 8 clients downloading a 64 MiB file
// peaked at 72-76 MiB relayed against 37-38 MiB handed over, and a pulled stream of 1 MiB pieces at
// 113 MiB. Only a range that stops before the end of the file, which the file's stream cannot do, is
// pulled piece by piece.
import { type FileBody, FileChanged, sameVersion, versionCheckDue } from '../../core/file-body.ts';
import { type FileStream, fileStream } from '../web/fetch-answer.ts';
import { statOf } from './fs.deno.ts';

export const checkedFileStream: FileStream = async (fs, body: FileBody, where) => {
  if (body.end !== body.entry.size) return fileStream(fs, body, where);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(body.entry.diskPath, { read: true });
  } catch {
    return fileStream(fs, body, where); // gone: the pulled stream says so and cuts the connection
  }
  if (!sameVersion(statOf(await file.stat()), body.entry)) {
    file.close();
    return fileStream(fs, body, where); // changed: likewise
  }
  if (body.start > 0) await file.seek(body.start, Deno.SeekMode.Start);
  return relayChecked(file, body, where);
};

/** The file's stream, read only as fast as Deno.serve sends (highWaterMark 0), checked on the way. */
function relayChecked(file: Deno.FsFile, body: FileBody, where: string): ReadableStream<Uint8Array> {
  const source = file.readable.getReader(); // closes the file at its end or when cancelled
  const path = body.entry.diskPath;
  let position = body.start;
  let checkedAt = body.start;
  const stillPromised = async (): Promise<boolean> => {
    try {
      return sameVersion(statOf(await file.stat()), body.entry);
    } catch {
      return false;
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let reason: string;
        try {
          const { value, done } = await source.read();
          if (done && position >= body.end) return controller.close();
          if (done) reason = `${path} shrank while it was being sent`;
          else {
            position += value.length;
            if (versionCheckDue(position, checkedAt, body.end)) {
              checkedAt = position;
              if (!(await stillPromised())) throw new FileChanged(`${path} changed while it was being sent`);
            }
            return controller.enqueue(value);
          }
        } catch (e) {
          reason = (e as Error).message;
        }
        console.error(`${where} answer cut short: ${reason}`);
        controller.error(new FileChanged(reason));
        await source.cancel().catch(() => {});
      },
      cancel: (why) => source.cancel(why),
    },
    { highWaterMark: 0 },
  );
}
