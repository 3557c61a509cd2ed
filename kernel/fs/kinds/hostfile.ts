// A file in a mounted host directory. F_OBJ is the host fd (host fds are shared
// by every thread of the Node process, so any worker can use it), F_AUX the file
// system id, F_AUX2 whether the host fd has O_APPEND. I/O is positional (pread/
// pwrite at the description's offset): Node has no lseek.

import { E, SysError, fail, hostErrno } from "../../errno.js";
import { Fdflags, Filetype } from "../../wasi/constants.js";
import { BaseKind, ACC_READ, ACC_WRITE, type Filestat } from "../file.js";
import { HOST_APPEND, HostFs, hostStat, nsToSeconds } from "../hostfs.js";
import type { Task } from "../../process/task.js";
import type { HostFsApi } from "../../host/api.js";

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SysError) throw e;
    throw new SysError(hostErrno(e));
  }
}

export class HostFileKind extends BaseKind {
  readonly filetype = Filetype.REGULAR_FILE;

  private api(t: Task): HostFsApi {
    const api = t.host.fs;
    if (!api) fail(E.NOSYS);
    return api;
  }

  private hostFd(t: Task, f: number): number {
    return t.core.load32(f + t.core.k.F_OBJ);
  }

  private fs(t: Task, f: number): HostFs {
    return t.vfs.fs(t.core.load32(f + t.core.k.F_AUX)) as HostFs;
  }

  read(t: Task, f: number, bufs: Uint8Array[], pos?: bigint): number {
    if ((t.flags(f) & ACC_READ) === 0) fail(E.BADF);
    const api = this.api(t);
    const fd = this.hostFd(t, f);
    let at = pos ?? t.offset(f);
    let n = 0;
    for (const b of bufs) {
      if (b.length === 0) continue;
      const k = call(() => api.readSync(fd, b, 0, b.length, at));
      n += k;
      at += BigInt(k);
      if (k < b.length) break;
    }
    if (pos === undefined) t.setOffset(f, at);
    return n;
  }

  write(t: Task, f: number, bufs: Uint8Array[], pos?: bigint): number {
    const flags = t.flags(f);
    if ((flags & ACC_WRITE) === 0) fail(E.BADF);
    const api = this.api(t);
    const fd = this.hostFd(t, f);
    const hostAppend = (t.core.load32(f + t.core.k.F_AUX2) & HOST_APPEND) !== 0;
    const append = pos === undefined && (flags & Fdflags.APPEND) !== 0;
    // pwrite on an O_APPEND host fd appends wherever it is asked to write (Linux),
    // so appends are atomic with other writers; without O_APPEND on the host fd
    // (APPEND set later with fd_fdstat_set_flags) the end is looked up first.
    let at = pos ?? (append && !hostAppend ? call(() => api.fstatSync(fd, { bigint: true })).size : t.offset(f));
    let n = 0;
    for (const b of bufs) {
      if (b.length === 0) continue;
      const k = call(() => api.writeSync(fd, b, 0, b.length, Number(at))); // Node ignores a bigint position here
      n += k;
      at += BigInt(k);
      if (k < b.length) break;
    }
    if (pos === undefined) {
      t.setOffset(f, append ? call(() => api.fstatSync(fd, { bigint: true })).size : at);
    }
    return n;
  }

  seek(t: Task, f: number, offset: bigint, whence: number): bigint {
    const base = whence === 0 ? 0n : whence === 1 ? t.offset(f) : call(() => this.api(t).fstatSync(this.hostFd(t, f), { bigint: true })).size;
    const to = base + offset;
    if (to < 0n) fail(E.INVAL);
    t.setOffset(f, to);
    return to;
  }

  nread(t: Task, f: number): bigint {
    const size = this.stat(t, f).size;
    const off = t.offset(f);
    return size > off ? size - off : 0n;
  }

  stat(t: Task, f: number): Filestat {
    const s = call(() => this.api(t).fstatSync(this.hostFd(t, f), { bigint: true }));
    return this.fs(t, f).precision.apply(s, hostStat(s));
  }

  setSize(t: Task, f: number, size: bigint): void {
    if ((t.flags(f) & ACC_WRITE) === 0) fail(E.BADF);
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) fail(E.FBIG);
    call(() => this.api(t).ftruncateSync(this.hostFd(t, f), Number(size)));
  }

  setTimes(t: Task, f: number, atim: bigint | null, mtim: bigint | null): void {
    const api = this.api(t);
    const fd = this.hostFd(t, f);
    const fs = this.fs(t, f);
    const before = call(() => api.fstatSync(fd, { bigint: true }));
    const [a, m] = fs.precision.target(before, atim, mtim);
    call(() => api.futimesSync(fd, nsToSeconds(a), nsToSeconds(m)));
    fs.precision.remember(before, a, m, call(() => api.fstatSync(fd, { bigint: true })));
  }

  sync(t: Task, f: number, dataOnly: boolean): void {
    const api = this.api(t);
    const fd = this.hostFd(t, f);
    call(() => (dataOnly ? api.fdatasyncSync(fd) : api.fsyncSync(fd)));
  }

  allocate(t: Task, f: number, offset: bigint, len: bigint): void {
    if ((t.flags(f) & ACC_WRITE) === 0) fail(E.BADF);
    const api = this.api(t);
    const fd = this.hostFd(t, f);
    const end = offset + len;
    if (end > BigInt(Number.MAX_SAFE_INTEGER)) fail(E.FBIG);
    const size = call(() => api.fstatSync(fd, { bigint: true })).size;
    if (end > size) call(() => api.ftruncateSync(fd, Number(end)));
  }

  /**
   * Clearing APPEND on a host fd opened with O_APPEND: Linux's pwrite would still
   * append, so the file is reopened without it (the host fd is this description's own).
   */
  setStatusFlags(t: Task, f: number, flags: number): void {
    super.setStatusFlags(t, f, flags);
    const c = t.core;
    if (flags & Fdflags.APPEND || !(c.load32(f + c.k.F_AUX2) & HOST_APPEND)) return;
    const fl = t.flags(f);
    const path = new TextDecoder().decode(c.bytes(c.load32(f + c.k.F_STR), c.load32(f + c.k.F_STRLEN)).slice());
    const fresh = this.fs(t, f).reopen(path, { read: (fl & ACC_READ) !== 0, write: (fl & ACC_WRITE) !== 0, fdflags: 0 });
    const old = this.hostFd(t, f);
    c.store32(f + c.k.F_OBJ, fresh);
    c.store32(f + c.k.F_AUX2, 0);
    this.api(t).closeSync(old);
  }

  release(t: Task, f: number): void {
    try {
      this.api(t).closeSync(this.hostFd(t, f));
    } catch (e) {
      t.log.error(`closing host fd ${this.hostFd(t, f)}: ${String(e)}`);
    }
  }
}
