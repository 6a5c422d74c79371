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
export const PIECE_BYTES = 1024 * 1024;
/**
 * Buffers a reader keeps and reads into again once its transport has let go of them: enough for the
 * pieces a transport holds at most (up to HIGH_WATER_BYTES queued, plus the piece that crossed it) and
 * one more to read into meanwhile. A new buffer for every piece costs the allocator and the page faults
 * of fresh memory each time, a large share of the whole send at this size.
 */
const POOLED_PIECES = 3;

/**
 * Pieces handed out that the transport may still hold: one of the reader's own buffers, or the length of
 * a run of pieces in buffers of their own (not kept: the reader never reads into them again, and keeping
 * them would keep every piece of a long send alive).
 */
interface Lent {
  readonly buffer: Uint8Array | null;
  length: number;
}

/** The open file is the version the entry describes (and the head promised). */
export function sameVersion(st: FileStat, entry: FileEntry): boolean {
  return st.kind === 'file' && st.size === entry.size && st.mtimeMs === entry.mtimeMs && st.ino === entry.ino;
}

/**
 * For a transport that reads the file by itself and hands its pieces on (Deno.serve's file stream): the
 * version is checked again once `position` is PIECE_BYTES past the last check, and always before the
 * piece that reaches `end` is handed on. A body can then only end complete if the file was still the
 * promised version after its last byte was read, and a change cuts it off within a piece or so.
 */
export function versionCheckDue(position: number, checkedAt: number, end: number): boolean {
  return position >= end || position - checkedAt >= PIECE_BYTES;
}

/** Why a send was stopped; the connection is closed and the reason logged. */
export class FileChanged extends Error {}

/**
 * Reads a FileBody piece by piece, into a few buffers of its own that it reuses once the transport has
 * sent what they held (a new buffer when all of them are still held).
 */
export class FileReader {
  private readonly fs: FileSystem;
  private readonly body: FileBody;
  private file: OpenFile | null = null;
  private position: number;
  private readonly free: Uint8Array[] = [];
  private pooled = 0;
  /** Pieces handed out, oldest first, that the transport may still hold. */
  // Stryker disable next-line ArrayDeclaration: an extra first entry is the oldest, and release() frees a piece by the bytes lent after it, which that cannot change
  private lent: Lent[] = [];

  constructor(fs: FileSystem, body: FileBody) {
    this.fs = fs;
    this.body = body;
    this.position = body.start;
  }

  /**
   * The next piece, or null when the range is sent; throws FileChanged when the file is not the one
   * promised. `held`: how many of the last bytes written the transport still holds (Transport.heldBytes),
   * where nothing but this reader's pieces was written since the first of them; pieces before those are
   * read into again. Infinity when nothing is known: every piece is then a buffer of its own.
   */
  async next(held = Number.POSITIVE_INFINITY): Promise<Uint8Array | null> {
    if (this.position >= this.body.end) return null;
    const entry = this.body.entry;
    if (this.file === null) {
      this.file = await this.fs.open(entry.diskPath);
      if (this.file === null) throw new FileChanged(`${entry.diskPath} is gone`);
      if (!sameVersion(await this.file.stat(), entry)) throw new FileChanged(`${entry.diskPath} changed`);
    }
    this.release(held);
    const piece = this.lend(Math.min(PIECE_BYTES, this.body.end - this.position));
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

  /** Takes back the pieces older than the last `held` bytes: the transport has let go of them. */
  private release(held: number): void {
    let i = this.lent.length - 1;
    for (let after = 0; i >= 0 && after < held; i--) after += this.lent[i]!.length;
    for (let k = 0; k <= i; k++) {
      const buffer = this.lent[k]!.buffer;
      if (buffer !== null) this.free.push(buffer);
    }
    this.lent.splice(0, i + 1);
  }

  private lend(length: number): Uint8Array {
    let buffer = this.free.pop();
    if (buffer === undefined && this.pooled < POOLED_PIECES) {
      buffer = this.fs.buffer(PIECE_BYTES);
      this.pooled++;
    }
    if (buffer !== undefined) {
      this.lent.push({ buffer, length });
      return buffer.subarray(0, length);
    }
    // Every buffer of the pool is lent (none is free), so `lent` has a last entry. A run of pieces in
    // buffers of their own is one entry, however long the send: release() only adds up their lengths.
    const last = this.lent[this.lent.length - 1]!;
    if (last.buffer === null) last.length += length;
    else this.lent.push({ buffer: null, length });
    return this.fs.buffer(length);
  }

  async close(): Promise<void> {
    this.free.length = 0;
    // Stryker disable next-line ArrayDeclaration: a closed reader hands out nothing more, so nothing reads `lent` again; emptied only to let go of the pieces
    this.lent = [];
    const file = this.file;
    this.file = null;
    this.position = this.body.end;
    if (file !== null) await file.close().catch(() => {});
  }
}
