// File kinds: every open-file description has a kind (F_KIND), and each kind is
// one class implementing FileKind (like Linux's file_operations, or gVisor's
// one-type-per-file). The description itself lives in the kernel heap; kinds
// are stateless, so any thread of any process can operate on any description.
//
// A kind supports poll/epoll by implementing poll (current readiness) and
// notifier (where readiness changes are broadcast; 0 for files that are always
// ready, like regular files on Linux).

import { E, fail } from "../errno.js";
import { Filetype } from "../wasi/constants.js";
import type { Task } from "../process/task.js";

export interface Filestat {
  dev: bigint;
  ino: bigint;
  filetype: number;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

export interface DirEntry {
  name: Uint8Array;
  ino: bigint;
  filetype: number;
  /** Cookie of the entry after this one. */
  next: bigint;
}

/** Kind numbers stored in F_KIND. */
export const enum Kind {
  MEMFILE = 1, DIR = 2, HOSTFILE = 3, DEVICE = 4, HOSTSTREAM = 5, PIPE_READ = 6, PIPE_WRITE = 7,
  EPOLL = 8, EVENTFD = 9,
}

/** Access-mode bits kept beside the WASI fdflags in F_FLAGS. */
export const ACC_READ = 1 << 8;
export const ACC_WRITE = 1 << 9;

export interface FileKind {
  readonly filetype: number;
  /** Reads into the buffers; at `pos` without moving the offset when pos is given. */
  read(t: Task, f: number, bufs: Uint8Array[], pos?: bigint): number;
  write(t: Task, f: number, bufs: Uint8Array[], pos?: bigint): number;
  seek(t: Task, f: number, offset: bigint, whence: number): bigint;
  stat(t: Task, f: number): Filestat;
  setSize(t: Task, f: number, size: bigint): void;
  setTimes(t: Task, f: number, atim: bigint | null, mtim: bigint | null): void;
  sync(t: Task, f: number, dataOnly: boolean): void;
  allocate(t: Task, f: number, offset: bigint, len: bigint): void;
  readdir(t: Task, f: number, cookie: bigint): DirEntry[];
  /** Current readiness (EV_* bits). */
  poll(t: Task, f: number): number;
  /** Sets the status flags (APPEND, NONBLOCK) of the description. */
  setStatusFlags(t: Task, f: number, flags: number): void;
  /** Bytes a read could return now (poll_oneoff's nbytes, FIONREAD); 0 if unknown. */
  nread(t: Task, f: number): bigint;
  /** Notifier address where readiness changes are broadcast; 0 if it never changes. */
  notifier(t: Task, f: number): number;
  /** The last reference to the description is gone: release what it holds. */
  release(t: Task, f: number): void;
}

/** Defaults for what a kind does not support, with the errno Linux gives. */
export abstract class BaseKind implements FileKind {
  abstract readonly filetype: number;
  read(_t: Task, _f: number, _b: Uint8Array[], _p?: bigint): number { return fail(E.BADF); }
  write(_t: Task, _f: number, _b: Uint8Array[], _p?: bigint): number { return fail(E.BADF); }
  seek(_t: Task, _f: number, _o: bigint, _w: number): bigint { return fail(E.SPIPE); }
  abstract stat(t: Task, f: number): Filestat;
  setSize(_t: Task, _f: number, _s: bigint): void { fail(E.INVAL); }
  setTimes(_t: Task, _f: number, _a: bigint | null, _m: bigint | null): void { fail(E.NOTSUP); }
  sync(_t: Task, _f: number, _d: boolean): void { fail(E.INVAL); }
  allocate(_t: Task, _f: number, _o: bigint, _l: bigint): void { fail(this.filetype === Filetype.DIRECTORY ? E.BADF : E.SPIPE); }
  readdir(_t: Task, _f: number, _c: bigint): DirEntry[] { return fail(E.NOTDIR); }
  poll(_t: Task, _f: number): number { return 0x5; } // IN | OUT
  nread(_t: Task, _f: number): bigint { return 0n; }
  setStatusFlags(t: Task, f: number, flags: number): void {
    const keep = 0x1 | 0x4; // APPEND | NONBLOCK, the flags F_SETFL may change
    t.setFlags(f, (t.flags(f) & ~keep) | (flags & keep));
  }
  notifier(_t: Task, _f: number): number { return 0; }
  release(_t: Task, _f: number): void {}
}

const registry = new Map<number, FileKind>();

export function registerKind(kind: number, impl: FileKind): void {
  registry.set(kind, impl);
}

export function kindOf(t: Task, f: number): FileKind {
  const k = registry.get(t.core.load32(f + t.core.k.F_KIND));
  if (!k) throw new Error(`open-file description ${f} has unknown kind`);
  return k;
}

/** Sums the lengths of buffers. */
export function totalLength(bufs: Uint8Array[]): number {
  let n = 0;
  for (const b of bufs) n += b.length;
  return n;
}
