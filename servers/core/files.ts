// The file table: what the site holds, read through a FileSystem that each runtime supplies.
// Entries live in memory. A background tick re-checks, with one stat each, the entries that were used
// lately, so the hot path never waits for the disk; and no entry older than MAX_AGE_MS is ever served
// without a fresh check, so a file created, changed or deleted on disk is seen within a second whatever
// the traffic.
import { formatHttpDate } from './http-date.ts';
import { contentTypeFor } from './mime.ts';

export interface FileStat {
  readonly kind: 'file' | 'directory' | 'other';
  readonly size: number;
  readonly mtimeMs: number;
  /** Inode or any identity that changes when a file is replaced; 0 when the runtime has none. */
  readonly ino: number;
}

/** An open file, for sending one that is too large to keep in memory a piece at a time. */
export interface OpenFile {
  /** Reads into `into` from `position`; the count read, 0 at the end of the file. */
  read(into: Uint8Array, position: number): Promise<number>;
  /** The open file's own stat: it stays the same file even if the path is renamed or replaced meanwhile. */
  stat(): Promise<FileStat>;
  close(): Promise<void>;
}

/**
 * Whether a failed file operation says the path is not there for us (answered 404): missing, a file where
 * a directory was expected, unreadable, a loop of links, a name too long. Any other failure (out of
 * descriptors, an I/O error) says nothing about the file. Node, Bun and Deno all name the errno in `code`.
 */
export function isAbsence(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Stryker disable next-line ConditionalExpression: a code that is not a string is in no set of strings either
  return typeof code === 'string' && ABSENCE_CODES.has(code);
}

const ABSENCE_CODES = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'ELOOP', 'ENAMETOOLONG']);

/** The few file operations the core needs; Node, Bun and Deno each supply their own. POSIX paths. */
export interface FileSystem {
  /** Follows symlinks; null when the path is not there (isAbsence); any other failure throws. */
  stat(path: string): Promise<FileStat | null>;
  /** The canonical path with every symlink resolved; null when it is not there; other failures throw. */
  realpath(path: string): Promise<string | null>;
  /** Bytes [start, end) of a file: the whole of a small file, read once into the table. */
  read(path: string, start: number, end: number): Promise<Uint8Array>;
  /** Opens a file for reading; null when it is gone. */
  open(path: string): Promise<OpenFile | null>;
  /** A buffer to read a piece of a file into: the runtime's cheapest, since it is overwritten at once. */
  buffer(size: number): Uint8Array;
}

/** Period of the background re-check of recently used entries. */
export const REVALIDATE_MS = 250;
/** An entry older than this is checked before it is served: the freshness guarantee, well under a second. */
export const MAX_AGE_MS = 750;
/** Entries not used for this long are no longer re-checked in the background (they wait for a request). */
const RECENT_MS = 5000;
/** At most this many entries are re-checked per tick, so a scan of random paths costs bounded work. */
const MAX_REVALIDATIONS_PER_TICK = 512;
/** Files up to this size are kept in memory; larger ones are sent from disk, a piece at a time. */
export const MAX_CACHED_FILE = 8 * 1024 * 1024;
/**
 * Bodies kept in memory across all files: past it, files are sent from disk like large ones, so a site
 * of many mid-sized files cannot fill the server's memory either.
 */
export const MAX_CACHED_TOTAL = 64 * 1024 * 1024;

export interface FileEntry {
  readonly kind: 'file';
  /** Path on disk, for reads of uncached bodies. */
  readonly diskPath: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: string;
  /** The whole file, or null when it is too large to keep (it is then sent from disk). */
  readonly body: Uint8Array | null;
  /** Per-entry scratch for the response layer (cached heads); reset whenever the entry is reloaded. */
  cache: unknown;
}

export type Entry =
  | FileEntry
  | { readonly kind: 'missing' }
  /** A directory asked for without its trailing slash. */
  | { readonly kind: 'redirect' }
  /** The disk could not be asked (out of descriptors, an I/O error): nothing is known of the file. */
  | { readonly kind: 'unavailable' };

interface Slot {
  entry: Entry;
  checkedAt: number;
  lastUsed: number;
  pending: Promise<Entry> | null;
}

const MISSING: Entry = { kind: 'missing' };
const REDIRECT: Entry = { kind: 'redirect' };
const UNAVAILABLE: Entry = { kind: 'unavailable' };

/** The bytes of memory an entry holds: its body, when the file is kept. */
function keptBytes(entry: Entry): number {
  return entry.kind === 'file' && entry.body !== null ? entry.size : 0;
}

function makeEtag(st: FileStat): string {
  return `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}-${st.ino.toString(16)}"`;
}

export class FileTable {
  private readonly slots = new Map<string, Slot>();
  private readonly fs: FileSystem;
  /** Root directory on disk; a trailing slash makes a "//" in paths, which POSIX reads as one. */
  private readonly root: string;
  private readonly now: () => number;
  /** The bodies kept by the entries of the table, counted where a slot's entry changes (settle). */
  private cachedBytes = 0;

  private readonly timer: ReturnType<typeof setInterval> | undefined;

  /**
   * `revalidateMs` 0 turns the background re-check off (tests drive the clock by hand); entries are
   * then re-checked on the request path once older than MAX_AGE_MS.
   */
  constructor(fs: FileSystem, root: string, now: () => number = Date.now, revalidateMs = REVALIDATE_MS) {
    this.fs = fs;
    this.root = root;
    this.now = now;
    this.timer = revalidateMs > 0 ? setInterval(() => this.revalidate(), revalidateMs) : undefined;
  }

  /** Stops the background re-check; the server calls it when it shuts down. */
  close(): void {
    clearInterval(this.timer); // undefined, with the re-check off, clears nothing
  }

  /**
   * The entry for a resolved URL path ("/", "/docs/", "/a.css"). Synchronous whenever the table holds
   * an entry checked within MAX_AGE_MS, which under load is always; a Promise when the disk must be asked.
   */
  lookup(urlPath: string): Entry | Promise<Entry> {
    const now = this.now();
    const slot = this.slots.get(urlPath);
    if (slot !== undefined) {
      slot.lastUsed = now;
      if (now - slot.checkedAt < MAX_AGE_MS) return slot.entry;
      return slot.pending ?? this.refresh(urlPath, slot);
    }
    if (this.slots.size > 10_000) this.shrink(); // scanners must not grow the table without bound
    const fresh: Slot = { entry: MISSING, checkedAt: 0, lastUsed: now, pending: null };
    this.slots.set(urlPath, fresh);
    return this.refresh(urlPath, fresh);
  }

  /** Drops what a scan of random paths leaves (misses, redirects), and everything if that is not enough. */
  private shrink(): void {
    this.drop((slot) => slot.entry.kind !== 'file');
    if (this.slots.size > 5_000) this.drop(() => true);
  }

  /** Drops the slots `which` picks, and the room their bodies took; not one being checked, which settles in it. */
  private drop(which: (slot: Slot) => boolean): void {
    for (const [urlPath, slot] of this.slots) {
      if (slot.pending !== null || !which(slot)) continue;
      this.cachedBytes -= keptBytes(slot.entry);
      this.slots.delete(urlPath);
    }
  }

  /** The background tick: re-check what was used lately, so requests find it fresh. */
  private revalidate(): void {
    const now = this.now();
    let budget = MAX_REVALIDATIONS_PER_TICK;
    for (const [urlPath, slot] of this.slots) {
      if (budget === 0) break;
      if (slot.pending !== null || now - slot.lastUsed > RECENT_MS) continue;
      budget--;
      void this.refresh(urlPath, slot);
    }
  }

  private refresh(urlPath: string, slot: Slot): Promise<Entry> {
    // The entry is as fresh as the moment its check began, not ended: a change during the stat may be missed.
    const started = this.now();
    const pending = this.load(urlPath, slot.entry).then(
      (entry) => this.settle(slot, entry, started),
      (error: unknown) => {
        // Gone between two calls (a stat, then the read): a miss like any other.
        if (isAbsence(error)) return this.settle(slot, MISSING, started);
        // Nothing learnt: the slot keeps what it held, still due for a check, and whoever asked is told
        // the server cannot say. A 404 here (as before) answered that existing files were missing while
        // the server was out of descriptors, and kept saying so until the next check.
        slot.pending = null;
        return UNAVAILABLE;
      },
    );
    slot.pending = pending;
    return pending;
  }

  /** A check has ended: the slot holds what it found, and the room of the bodies follows. */
  private settle(slot: Slot, entry: Entry, checkedAt: number): Entry {
    this.cachedBytes += keptBytes(entry) - keptBytes(slot.entry);
    slot.entry = entry;
    slot.checkedAt = checkedAt;
    slot.pending = null;
    return entry;
  }

  private async load(urlPath: string, previous: Entry): Promise<Entry> {
    const wantsDirectory = urlPath.endsWith('/');
    const relative = wantsDirectory ? urlPath + 'index.html' : urlPath;
    const diskPath = this.root + relative;
    const st = await this.fs.stat(diskPath);
    if (st === null) return MISSING;
    if (st.kind === 'directory') return wantsDirectory ? MISSING : REDIRECT;
    if (st.kind !== 'file') return MISSING;
    if (!(await this.insideRoot(diskPath))) return MISSING;
    if (
      // Stryker disable next-line ConditionalExpression: a miss or a redirect has no size to match
      previous.kind === 'file' &&
      previous.size === st.size &&
      previous.mtimeMs === st.mtimeMs &&
      previous.ino === st.ino
    ) {
      return previous;
    }
    let body: Uint8Array | null = null;
    // The previous version's room is given back as this one takes its place.
    if (st.size <= MAX_CACHED_FILE && this.cachedBytes - keptBytes(previous) + st.size <= MAX_CACHED_TOTAL) {
      body = await this.fs.read(diskPath, 0, st.size);
      if (body.length !== st.size) return MISSING; // changed while we read it: the next lookup retries
    }
    return {
      kind: 'file',
      diskPath,
      size: st.size,
      mtimeMs: st.mtimeMs,
      ino: st.ino,
      contentType: contentTypeFor(relative),
      etag: makeEtag(st),
      lastModified: formatHttpDate(st.mtimeMs),
      body,
      cache: null,
    };
  }

  /**
   * Symlinks may point anywhere; only files whose real path stays under the real root are served. The
   * root's real path is asked for every time, not once: a root that is a symlink may be pointed at another
   * release (an atomic deploy), and its files must then be served, not refused as outside it.
   */
  private async insideRoot(diskPath: string): Promise<boolean> {
    const real = await this.fs.realpath(diskPath);
    if (real === null) return false; // gone since its stat
    const realRoot = await this.fs.realpath(this.root);
    // Stryker disable next-line ConditionalExpression: as for real, above
    if (realRoot === null) return false;
    return real.startsWith(realRoot.endsWith('/') ? realRoot : `${realRoot}/`);
  }

  /** The file system, for sending the files the table does not keep in memory. */
  get fileSystem(): FileSystem {
    return this.fs;
  }
}
