// A file too large for memory, on Deno.serve: the open file's own stream, which Deno.serve sends from
// Rust without a piece ever reaching JavaScript. The pulled stream instead hands Deno a new buffer per
// piece, freed only when the garbage collector runs: 16 clients downloading a 256 MiB file took 227 MiB.
// The file is checked against the version the head promised once it is open; after that a file that
// shrinks ends the body short of its Content-Length and Deno cuts the connection. Only a range that
// stops before the end of the file, which the file's stream cannot do, is still pulled piece by piece.
import { type FileBody, sameVersion } from '../../core/file-body.ts';
import { type FileStream, fileStream } from '../web/fetch-answer.ts';
import { statOf } from './fs.deno.ts';

export const resourceFileStream: FileStream = async (fs, body: FileBody, where) => {
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
  return file.readable;
};
