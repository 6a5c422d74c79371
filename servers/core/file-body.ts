// Sending a file too large to keep in memory, a piece at a time, as the same version the head described.
// The head already promised a Content-Length, an ETag and a Last-Modified: a body that mixed two versions
// under them, or fell short of the length, would be a wrong answer the client cannot see. So the open file
// is checked against that version first and after every read, and any change stops the send.
import type { FileEntry, FileStat, FileSystem, OpenFile } from './files.ts';

/** A range of a file on disk, as the body of an answer. */
export interface FileBody {
  readonly kind: 'file';
  readonly entry: FileEntry;
  /** Byte range [start, end) of the file. */
  readonly start: number;
  readonly end: number;
}

export function fileBody(entry: FileEntry, start: number, end: number): FileBody {
  return { kind: 'file', entry, start, end };
}

/** Bytes read per piece: large enough to keep system calls few, small enough to bound memory per client. */
export const PIECE_BYTES = 256 * 1024;

function sameVersion(st: FileStat, entry: FileEntry): boolean {
  return st.kind === 'file' && st.size === entry.size && st.mtimeMs === entry.mtimeMs && st.ino === entry.ino;
}

/** Why a send was stopped; the connection is closed and the reason logged. */
export class FileChanged extends Error {}

/** Reads a FileBody piece by piece. Each piece is a new buffer: the transport may hold it until it is sent. */
export class FileReader {
  private readonly fs: FileSystem;
  private readonly body: FileBody;
  private file: OpenFile | null = null;
  private position: number;

  constructor(fs: FileSystem, body: FileBody) {
    this.fs = fs;
    this.body = body;
    this.position = body.start;
  }

  /** Bytes still to send. */
  get remaining(): number {
    return this.body.end - this.position;
  }

  /** The next piece, or null when the range is sent; throws FileChanged when the file is not the one promised. */
  async next(): Promise<Uint8Array | null> {
    if (this.position >= this.body.end) return null;
    const entry = this.body.entry;
    if (this.file === null) {
      this.file = await this.fs.open(entry.diskPath);
      if (this.file === null) throw new FileChanged(`${entry.diskPath} is gone`);
      if (!sameVersion(await this.file.stat(), entry)) throw new FileChanged(`${entry.diskPath} changed`);
    }
    const piece = new Uint8Array(Math.min(PIECE_BYTES, this.body.end - this.position));
    let filled = 0;
    while (filled < piece.length) {
      const n = await this.file.read(piece.subarray(filled), this.position + filled);
      if (n === 0) throw new FileChanged(`${entry.diskPath} shrank while it was being sent`);
      filled += n;
    }
    // Written in place (same file, new size or time): the bytes just read may be the new version's.
    if (!sameVersion(await this.file.stat(), entry)) {
      throw new FileChanged(`${entry.diskPath} changed while it was being sent`);
    }
    this.position += filled;
    return piece;
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = null;
    this.position = this.body.end;
    if (file !== null) await file.close().catch(() => {});
  }
}
