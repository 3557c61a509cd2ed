// The in-memory file system as an Fs: a thin adapter over the core's memfs
// (assembly/memfs.ts). Nodes are inode addresses in the kernel heap; every call
// runs under the kernel lock (Vfs.locked), which the core's memfs requires.

import { E, fail } from "../errno.js";
import { Filetype } from "../wasi/constants.js";
import { ACC_READ, ACC_WRITE, Kind, type DirEntry, type Filestat } from "./file.js";
import type { Fs, FsNode, OpenMode } from "./vfs.js";
import type { Task } from "../process/task.js";

export const MEMFS_ID = 0;
/** st_dev of the in-memory file system. */
export const MEMFS_DEV = 0x636f7665n;

const dec = new TextDecoder();
/** Device numbers of /dev/stdin (then stdout, stderr); see kinds/device.ts. */
const STDIO_DEV = 10;

export class MemFs implements Fs {
  readonly id = MEMFS_ID;
  readonly readonly = false;
  constructor(readonly root: number) {}

  key(node: FsNode): string {
    return String(node);
  }

  private name(t: Task, name: string): number {
    return t.scratchString(name);
  }

  private check(r: number): number {
    if (r < 0) fail(-r);
    return r;
  }

  lookup(t: Task, dir: FsNode, name: string): number {
    const len = this.name(t, name);
    return this.check(t.core.fn.memLookup(dir as number, t.scratch, len));
  }

  filetype(t: Task, node: FsNode): number {
    return t.core.load32((node as number) + t.core.k.I_KIND);
  }

  readlink(t: Task, node: FsNode): string {
    const c = t.core;
    const ino = node as number;
    if (this.filetype(t, ino) !== Filetype.SYMBOLIC_LINK) fail(E.INVAL);
    const size = Number(c.load64(ino + c.k.I_SIZE));
    return dec.decode(c.bytes(c.load32(ino + c.k.I_DATA), size).slice());
  }

  stat(t: Task, node: FsNode): Filestat {
    return memStat(t, node as number);
  }

  mkdir(t: Task, dir: FsNode, name: string): void {
    const len = this.name(t, name);
    this.check(t.core.fn.memCreate(dir as number, t.scratch, len, t.core.k.K_DIR, 0o755));
  }

  createFile(t: Task, dir: FsNode, name: string): number {
    const len = this.name(t, name);
    return this.check(t.core.fn.memCreate(dir as number, t.scratch, len, t.core.k.K_FILE, 0o644));
  }

  symlink(t: Task, dir: FsNode, name: string, target: string): void {
    const c = t.core;
    const len = this.name(t, name);
    const ino = this.check(c.fn.memCreate(dir as number, t.scratch, len, c.k.K_SYMLINK, 0o777));
    const tlen = t.scratchString(target, 4096);
    if (!c.fn.memSetData(ino, t.scratch + 4096, tlen)) {
      c.fn.memUnlink(dir as number, t.scratch, t.scratchString(name), 0);
      fail(E.NOSPC);
    }
  }

  link(t: Task, node: FsNode, dir: FsNode, name: string): void {
    const len = this.name(t, name);
    this.check(t.core.fn.memLink(dir as number, t.scratch, len, node as number));
  }

  unlink(t: Task, dir: FsNode, name: string, rmdir: boolean): void {
    const len = this.name(t, name);
    this.check(t.core.fn.memUnlink(dir as number, t.scratch, len, rmdir ? 1 : 0));
  }

  rename(t: Task, odir: FsNode, oname: string, ndir: FsNode, nname: string): void {
    const olen = t.scratchString(oname, 0);
    const nlen = t.scratchString(nname, 4096);
    this.check(t.core.fn.memRename(odir as number, t.scratch, olen, ndir as number, t.scratch + 4096, nlen));
  }

  setTimes(t: Task, node: FsNode, atim: bigint | null, mtim: bigint | null): void {
    memSetTimes(t, node as number, atim, mtim);
  }

  truncate(t: Task, node: FsNode): void {
    this.check(t.core.fn.memTruncate(node as number, 0));
  }

  readdir(t: Task, dir: FsNode, cookie: bigint, max: number): DirEntry[] {
    const c = t.core;
    const out: DirEntry[] = [];
    let seq = cookie > 0xffffffffn ? 0xffffffff : Number(cookie);
    while (out.length < max) {
      const e = c.fn.memReaddir(dir as number, seq);
      if (e === 0) break;
      const ino = c.load32(e + c.k.D_INODE);
      seq = c.load32(e + c.k.D_SEQ);
      out.push({
        name: c.bytes(c.load32(e + c.k.D_NAME), c.load32(e + c.k.D_NAMELEN)).slice(),
        ino: c.load64(ino + c.k.I_INO),
        filetype: c.load32(ino + c.k.I_KIND),
        next: BigInt(seq),
      });
    }
    return out;
  }

  open(t: Task, node: FsNode, mode: OpenMode): number {
    const c = t.core;
    const ino = node as number;
    const type = this.filetype(t, ino);
    const acc = (mode.read ? ACC_READ : 0) | (mode.write ? ACC_WRITE : 0) | mode.fdflags;
    let kind: number;
    let obj = ino;
    if (type === Filetype.DIRECTORY) kind = Kind.DIR;
    else if (type === Filetype.CHARACTER_DEVICE) {
      kind = Kind.DEVICE;
      obj = c.load32(ino + c.k.I_RDEV);
    } else kind = Kind.MEMFILE;
    const f = c.fn.ofdCreate(kind, acc, obj, this.id);
    if (f === 0) fail(E.NOMEM);
    if (kind !== Kind.DEVICE) c.fn.memOpen(ino);
    return f;
  }
}

export function memStat(t: Task, ino: number): Filestat {
  const c = t.core;
  const type = c.load32(ino + c.k.I_KIND);
  return {
    dev: MEMFS_DEV,
    ino: c.load64(ino + c.k.I_INO),
    filetype: type,
    nlink: BigInt(c.load32(ino + c.k.I_NLINK)),
    size: type === Filetype.DIRECTORY ? 4096n : c.load64(ino + c.k.I_SIZE),
    atim: c.load64(ino + c.k.I_ATIM),
    mtim: c.load64(ino + c.k.I_MTIM),
    ctim: c.load64(ino + c.k.I_CTIM),
  };
}

export function memSetTimes(t: Task, ino: number, atim: bigint | null, mtim: bigint | null): void {
  const c = t.core;
  if (atim !== null) c.store64(ino + c.k.I_ATIM, atim);
  if (mtim !== null) c.store64(ino + c.k.I_MTIM, mtim);
  c.store64(ino + c.k.I_CTIM, t.host.realtimeNs());
}
