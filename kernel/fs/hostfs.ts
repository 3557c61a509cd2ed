// A host directory mounted into the namespace (wasmtime's --dir), through the
// host's synchronous fs API, called from the guest's own worker (Node host fds are
// shared by all threads of the process, so a description holds a host fd).
//
// Nodes are paths relative to the mount's root ("" is the root). The kernel's
// walk (vfs.ts) interprets every symlink itself; the host is only ever asked
// about one component at a time (lstat) and opens with O_NOFOLLOW, so a host
// symlink can never take a guest outside the mount.

import { E, fail, hostErrno, SysError } from "../errno.js";
import { Filetype } from "../wasi/constants.js";
import { ACC_READ, ACC_WRITE, Kind, type DirEntry, type Filestat } from "./file.js";
import type { Fs, FsNode, OpenMode } from "./vfs.js";
import type { Task } from "../process/task.js";
import type { HostFsApi, HostStats } from "../host/api.js";
import { Fdflags } from "../wasi/constants.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** F_AUX2 bit: the host fd was opened with O_APPEND. */
export const HOST_APPEND = 1;

export function hostFiletype(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isCharacterDevice?(): boolean; isBlockDevice?(): boolean; isSocket?(): boolean }): number {
  if (s.isFile()) return Filetype.REGULAR_FILE;
  if (s.isDirectory()) return Filetype.DIRECTORY;
  if (s.isSymbolicLink()) return Filetype.SYMBOLIC_LINK;
  if (s.isCharacterDevice?.()) return Filetype.CHARACTER_DEVICE;
  if (s.isBlockDevice?.()) return Filetype.BLOCK_DEVICE;
  if (s.isSocket?.()) return Filetype.SOCKET_STREAM;
  return Filetype.UNKNOWN;
}

/**
 * Host utimes takes seconds as a double, which cannot hold every nanosecond. The
 * kernel remembers what a guest set and what the host stored instead, and reports
 * the guest's value while the host still holds the rounded one.
 */
class TimePrecision {
  private readonly set = new Map<string, { a?: [bigint, bigint]; m?: [bigint, bigint] }>();
  /** Both times to set: the new ones, and for "leave as is" the exact current value. */
  target(before: HostStats, atim: bigint | null, mtim: bigint | null): [bigint, bigint] {
    const now = this.apply(before, hostStat(before));
    return [atim ?? now.atim, mtim ?? now.mtim];
  }
  remember(s: HostStats, atim: bigint, mtim: bigint, after: HostStats): void {
    this.set.set(`${s.dev}:${s.ino}`, { a: [atim, after.atimeNs], m: [mtim, after.mtimeNs] });
  }
  apply(s: HostStats, st: Filestat): Filestat {
    const e = this.set.get(`${s.dev}:${s.ino}`);
    if (!e) return st;
    if (e.a && e.a[1] === st.atim) st.atim = e.a[0];
    if (e.m && e.m[1] === st.mtim) st.mtim = e.m[0];
    return st;
  }
}

export function hostStat(s: HostStats): Filestat {
  return {
    dev: s.dev,
    ino: s.ino,
    filetype: hostFiletype(s),
    nlink: s.nlink,
    size: s.size,
    atim: s.atimeNs,
    mtim: s.mtimeNs,
    ctim: s.ctimeNs,
  };
}

export class HostFs implements Fs {
  readonly root = "";
  readonly precision = new TimePrecision();

  constructor(
    readonly id: number,
    readonly hostRoot: string,
    readonly host: HostFsApi,
    readonly readonly = false,
  ) {}

  key(node: FsNode): string {
    return node as string;
  }

  /**
   * The host path of a node. Every directory on a node's path was a real directory when
   * the walk went through it, but a directory fd (or an open file) keeps its path: since,
   * the guest may have renamed a directory away and put a symlink in its place, which the
   * host would follow, out of the mount. So each directory on the path is checked again
   * (lstat: not a symlink); if one is gone, so is the node (ENOENT).
   */
  full(node: FsNode): string {
    if (node === "") return this.hostRoot;
    const rel = node as string;
    for (let i = rel.indexOf("/"); i >= 0; i = rel.indexOf("/", i + 1)) this.mustBeDir(rel.slice(0, i));
    return `${this.hostRoot}/${rel}`;
  }

  /** Fails with ENOENT unless the host path of rel (below the root) is a directory now. */
  private mustBeDir(rel: string): void {
    const s = this.call(() => this.host.lstatSync(`${this.hostRoot}/${rel}`, { bigint: true, throwIfNoEntry: false }));
    if (!s?.isDirectory()) fail(E.NOENT);
  }

  private join(dir: FsNode, name: string): string {
    return dir === "" ? name : `${dir as string}/${name}`;
  }

  private call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof SysError) throw e;
      throw new SysError(hostErrno(e));
    }
  }

  private lstat(node: FsNode): HostStats {
    const s = this.call(() => this.host.lstatSync(this.full(node), { bigint: true, throwIfNoEntry: false }));
    if (!s) fail(E.NOENT);
    return s;
  }

  private writable(): void {
    if (this.readonly) fail(E.ROFS);
  }

  lookup(_t: Task, dir: FsNode, name: string): string {
    const node = this.join(dir, name);
    this.lstat(node);
    return node;
  }

  filetype(_t: Task, node: FsNode): number {
    return hostFiletype(this.lstat(node));
  }

  readlink(_t: Task, node: FsNode): string {
    return dec.decode(this.call(() => this.host.readlinkSync(this.full(node), { encoding: "buffer" })));
  }

  stat(_t: Task, node: FsNode): Filestat {
    const s = this.lstat(node);
    return this.precision.apply(s, hostStat(s));
  }

  mkdir(_t: Task, dir: FsNode, name: string): void {
    this.writable();
    this.call(() => this.host.mkdirSync(this.full(this.join(dir, name)), 0o755));
  }

  createFile(_t: Task, dir: FsNode, name: string): string {
    this.writable();
    const node = this.join(dir, name);
    const c = this.host.constants;
    const fd = this.call(() => this.host.openSync(this.full(node), c.O_CREAT! | c.O_EXCL! | c.O_WRONLY! | c.O_NOFOLLOW!, 0o644));
    this.host.closeSync(fd);
    return node;
  }

  symlink(_t: Task, dir: FsNode, name: string, target: string): void {
    this.writable();
    this.call(() => this.host.symlinkSync(enc.encode(target), this.full(this.join(dir, name))));
  }

  link(_t: Task, node: FsNode, dir: FsNode, name: string): void {
    this.writable();
    this.call(() => this.host.linkSync(this.full(node), this.full(this.join(dir, name))));
  }

  unlink(_t: Task, dir: FsNode, name: string, rmdir: boolean): void {
    this.writable();
    const path = this.full(this.join(dir, name));
    if (rmdir) {
      this.call(() => this.host.rmdirSync(path));
      return;
    }
    // Linux unlink(2) on a directory is EISDIR; the host says EPERM on some systems.
    const s = this.lstat(this.join(dir, name));
    if (s.isDirectory()) fail(E.ISDIR);
    this.call(() => this.host.unlinkSync(path));
  }

  rename(_t: Task, odir: FsNode, oname: string, ndir: FsNode, nname: string): void {
    this.writable();
    this.call(() => this.host.renameSync(this.full(this.join(odir, oname)), this.full(this.join(ndir, nname))));
  }

  setTimes(_t: Task, node: FsNode, atim: bigint | null, mtim: bigint | null): void {
    this.writable();
    const before = this.lstat(node);
    const [a, m] = this.precision.target(before, atim, mtim);
    this.call(() => this.host.lutimesSync(this.full(node), nsToSeconds(a), nsToSeconds(m)));
    this.precision.remember(before, a, m, this.lstat(node));
  }

  truncate(_t: Task, node: FsNode): void {
    this.writable();
    this.call(() => this.host.truncateSync(this.full(node), 0));
  }

  open(t: Task, node: FsNode, mode: OpenMode): number {
    const c = t.core;
    const s = this.lstat(node);
    const acc = (mode.read ? ACC_READ : 0) | (mode.write ? ACC_WRITE : 0) | mode.fdflags;
    let f: number;
    if (s.isDirectory()) {
      f = c.fn.ofdCreate(Kind.DIR, acc, 0, this.id);
      if (f === 0) fail(E.NOMEM);
      const len = t.scratchString(node as string);
      c.fn.ofdSetStr(f, t.scratch, len);
      return f;
    }
    if (mode.write) this.writable();
    const k = this.host.constants;
    let flags = k.O_NOFOLLOW! | (mode.read && mode.write ? k.O_RDWR! : mode.write ? k.O_WRONLY! : k.O_RDONLY!);
    const append = (mode.fdflags & Fdflags.APPEND) !== 0;
    if (append) flags |= k.O_APPEND!;
    // A FIFO or device in a host directory must not block the open itself.
    if (!s.isFile()) flags |= k.O_NONBLOCK!;
    const hostFd = this.call(() => this.host.openSync(this.full(node), flags));
    f = c.fn.ofdCreate(Kind.HOSTFILE, acc, hostFd, this.id);
    if (f === 0) {
      this.host.closeSync(hostFd);
      fail(E.NOMEM);
    }
    c.store32(f + c.k.F_AUX2, append ? HOST_APPEND : 0);
    c.fn.ofdSetStr(f, t.scratch, t.scratchString(node as string)); // to reopen it (HostFileKind.setStatusFlags)
    return f;
  }

  /** Opens the same file again with other flags (no O_APPEND, say); returns the new host fd. */
  reopen(path: string, mode: OpenMode): number {
    const k = this.host.constants;
    const flags = k.O_NOFOLLOW! | (mode.read && mode.write ? k.O_RDWR! : mode.write ? k.O_WRONLY! : k.O_RDONLY!);
    return this.call(() => this.host.openSync(this.full(path), flags));
  }

  readdir(_t: Task, dir: FsNode, cookie: bigint, max: number): DirEntry[] {
    const path = this.full(dir);
    if (dir !== "") this.mustBeDir(dir as string); // readdir follows a symlink: see full()
    const list = this.call(() => this.host.readdirSync(path, { withFileTypes: true, encoding: "buffer" }));
    // Sort for a stable order across calls; cookies are positions (3 = first entry).
    const names = list.map((d) => (typeof d.name === "string" ? enc.encode(d.name) : d.name)).sort(compareBytes);
    const out: DirEntry[] = [];
    for (let i = Number(cookie < 3n ? 0n : cookie - 2n); i < names.length && out.length < max; i++) {
      const name = names[i]!;
      const s = this.host.lstatSync(`${path}/${dec.decode(name)}`, { bigint: true, throwIfNoEntry: false });
      if (!s) continue; // removed meanwhile
      out.push({ name, ino: s.ino, filetype: hostFiletype(s), next: BigInt(i + 3) });
    }
    return out;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function nsToSeconds(ns: bigint): number {
  // The host keeps microseconds, truncating the double it is given (libuv): aim at the
  // middle of the microsecond, so the double's rounding cannot land in the one below.
  return (Number(ns / 1000n) + 0.5) / 1e6;
}
