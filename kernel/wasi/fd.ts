// fd_* calls of wasi_snapshot_preview1: decode arguments, check rights, delegate
// to the file's kind (kernel/fs/kinds).

import { E, SysError, fail } from "../errno.js";
import { ACC_READ, ACC_WRITE } from "../fs/file.js";
import { Fdflags, Filetype, Fstflags, R, RIGHTS_ALL, Whence } from "./constants.js";
import { ProcExit, SIGPIPE, type Sys } from "./sys.js";
import type { Filestat } from "../fs/file.js";

/** Fails with ENOTCAPABLE unless the fd has all of `rights` (with `any`, one of them). */
export function need(s: Sys, fd: number, rights: number, any = false): void {
  const have = s.t.rights(fd) & rights;
  if (any ? have === 0 : have !== rights) fail(E.NOTCAPABLE);
}

export function writeFilestat(s: Sys, ptr: number, st: Filestat): void {
  const m = s.m;
  m.bytes(ptr, 64).fill(0);
  m.setU64(ptr, st.dev);
  m.setU64(ptr + 8, st.ino);
  m.setU8(ptr + 16, st.filetype);
  m.setU64(ptr + 24, st.nlink);
  m.setU64(ptr + 32, st.size);
  m.setU64(ptr + 40, st.atim);
  m.setU64(ptr + 48, st.mtim);
  m.setU64(ptr + 56, st.ctim);
}

/** Resolves fst flags into (atim, mtim), null meaning "leave as is". */
export function timesFromFlags(s: Sys, atim: bigint, mtim: bigint, flags: number): [bigint | null, bigint | null] {
  if (flags & ~0xf) fail(E.INVAL);
  if ((flags & Fstflags.ATIM) && (flags & Fstflags.ATIM_NOW)) fail(E.INVAL);
  if ((flags & Fstflags.MTIM) && (flags & Fstflags.MTIM_NOW)) fail(E.INVAL);
  const now = flags & (Fstflags.ATIM_NOW | Fstflags.MTIM_NOW) ? s.t.host.realtimeNs() : 0n;
  const a = flags & Fstflags.ATIM ? atim : flags & Fstflags.ATIM_NOW ? now : null;
  const m = flags & Fstflags.MTIM ? mtim : flags & Fstflags.MTIM_NOW ? now : null;
  return [a, m];
}

export function fd_advise(s: Sys, fd: number, _offset: bigint, _len: bigint, advice: number): number {
  return s.t.with(fd, (f) => {
    if (advice > 5) fail(E.INVAL);
    const type = f.kind.stat(s.t, f.ofd).filetype;
    if (type === Filetype.DIRECTORY) fail(E.BADF);
    if (type !== Filetype.REGULAR_FILE) fail(E.SPIPE);
    need(s, fd, R.FD_ADVISE);
    return 0; // advice is a hint; the in-memory and host files take none
  });
}

export function fd_allocate(s: Sys, fd: number, offset: bigint, len: bigint): number {
  return s.t.with(fd, (f) => {
    if (len === 0n) fail(E.INVAL);
    need(s, fd, R.FD_ALLOCATE);
    f.kind.allocate(s.t, f.ofd, offset, len);
    return 0;
  });
}

export function fd_close(s: Sys, fd: number): number {
  s.t.close(fd);
  s.preopens.delete(fd);
  return 0;
}

export function fd_datasync(s: Sys, fd: number): number {
  return s.t.with(fd, (f) => {
    need(s, fd, R.FD_DATASYNC);
    f.kind.sync(s.t, f.ofd, true);
    return 0;
  });
}

export function fd_sync(s: Sys, fd: number): number {
  return s.t.with(fd, (f) => {
    need(s, fd, R.FD_SYNC);
    f.kind.sync(s.t, f.ofd, false);
    return 0;
  });
}

export function fd_fdstat_get(s: Sys, fd: number, ptr: number): number {
  return s.t.with(fd, (f) => {
    const m = s.m;
    m.bytes(ptr, 24).fill(0);
    m.setU8(ptr, f.kind.filetype === Filetype.CHARACTER_DEVICE || f.kind.filetype === Filetype.UNKNOWN ? f.kind.stat(s.t, f.ofd).filetype : f.kind.filetype);
    m.setU16(ptr + 2, f.kind.filetype === Filetype.DIRECTORY ? 0 : s.t.flags(f.ofd) & 0x1f);
    m.setU64(ptr + 8, BigInt(s.t.rights(fd)));
    m.setU64(ptr + 16, BigInt(s.t.inheriting(fd)));
    return 0;
  });
}

export function fd_fdstat_set_flags(s: Sys, fd: number, flags: number): number {
  return s.t.with(fd, (f) => {
    if (flags & ~0x1f) fail(E.INVAL);
    need(s, fd, R.FD_FDSTAT_SET_FLAGS);
    // Linux fcntl(F_SETFL) changes only O_APPEND and O_NONBLOCK; the sync flags are fixed at open.
    if (flags & (Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC)) fail(E.NOTSUP);
    f.kind.setStatusFlags(s.t, f.ofd, flags);
    return 0;
  });
}

export function fd_fdstat_set_rights(s: Sys, fd: number, base: bigint, inheriting: bigint): number {
  const c = s.t.core;
  const rb = s.t.rights(fd);
  const ri = s.t.inheriting(fd);
  const nb = Number(base & BigInt(RIGHTS_ALL));
  const ni = Number(inheriting & BigInt(RIGHTS_ALL));
  if (base > BigInt(RIGHTS_ALL) || inheriting > BigInt(RIGHTS_ALL)) fail(E.NOTCAPABLE);
  if ((nb & ~rb) !== 0 || (ni & ~ri) !== 0) fail(E.NOTCAPABLE);
  c.fn.fdtSetField(s.t.fdt, fd, c.k.E_RIGHTS, nb);
  c.fn.fdtSetField(s.t.fdt, fd, c.k.E_INHERIT, ni);
  return 0;
}

export function fd_filestat_get(s: Sys, fd: number, ptr: number): number {
  return s.t.with(fd, (f) => {
    need(s, fd, R.FD_FILESTAT_GET);
    writeFilestat(s, ptr, f.kind.stat(s.t, f.ofd));
    return 0;
  });
}

export function fd_filestat_set_size(s: Sys, fd: number, size: bigint): number {
  return s.t.with(fd, (f) => {
    if (size > 0x7fffffffffffffffn) fail(E.INVAL);
    need(s, fd, R.FD_FILESTAT_SET_SIZE);
    f.kind.setSize(s.t, f.ofd, size);
    return 0;
  });
}

export function fd_filestat_set_times(s: Sys, fd: number, atim: bigint, mtim: bigint, flags: number): number {
  return s.t.with(fd, (f) => {
    need(s, fd, R.FD_FILESTAT_SET_TIMES);
    const [a, m] = timesFromFlags(s, atim, mtim, flags);
    f.kind.setTimes(s.t, f.ofd, a, m);
    return 0;
  });
}

export function fd_pread(s: Sys, fd: number, iovs: number, n: number, offset: bigint, out: number): number {
  return s.t.with(fd, (f) => {
    const bufs = s.m.iovecs(iovs, n);
    if (f.kind.filetype === Filetype.DIRECTORY) fail(E.ISDIR);
    if (f.kind.filetype !== Filetype.REGULAR_FILE) fail(E.SPIPE);
    need(s, fd, R.FD_READ);
    if ((s.t.flags(f.ofd) & ACC_READ) === 0) fail(E.BADF);
    s.m.setU32(out, f.kind.read(s.t, f.ofd, bufs, offset));
    return 0;
  });
}

export function fd_pwrite(s: Sys, fd: number, iovs: number, n: number, offset: bigint, out: number): number {
  return s.t.with(fd, (f) => {
    const bufs = s.m.iovecs(iovs, n);
    if (f.kind.filetype === Filetype.DIRECTORY) fail(E.BADF);
    if (f.kind.filetype !== Filetype.REGULAR_FILE) fail(E.SPIPE);
    need(s, fd, R.FD_WRITE);
    if ((s.t.flags(f.ofd) & ACC_WRITE) === 0) fail(E.BADF);
    s.m.setU32(out, f.kind.write(s.t, f.ofd, bufs, offset));
    return 0;
  });
}

export function fd_read(s: Sys, fd: number, iovs: number, n: number, out: number): number {
  return s.t.with(fd, (f) => {
    const bufs = s.m.iovecs(iovs, n);
    if (f.kind.filetype === Filetype.DIRECTORY) fail(E.ISDIR);
    need(s, fd, R.FD_READ);
    s.m.setU32(out, f.kind.read(s.t, f.ofd, bufs));
    return 0;
  });
}

// The hottest call: get/put rather than with(), and no closure for raiseSigpipe.
export function fd_write(s: Sys, fd: number, iovs: number, n: number, out: number): number {
  const f = s.t.get(fd);
  try {
    const bufs = s.m.iovecs(iovs, n);
    need(s, fd, R.FD_WRITE);
    let written: number;
    try {
      written = f.kind.write(s.t, f.ofd, bufs);
    } catch (e) {
      throw sigpipe(e);
    }
    s.m.setU32(out, written);
    return 0;
  } finally {
    s.t.put(f);
  }
}

/** A write that fails with EPIPE also raises SIGPIPE, whose default action terminates the writer. */
export function raiseSigpipe(write: () => number): number {
  try {
    return write();
  } catch (e) {
    throw sigpipe(e);
  }
}

/** What a failed write throws: SIGPIPE's exit for EPIPE, else the error itself. */
function sigpipe(e: unknown): unknown {
  return e instanceof SysError && e.errno === E.PIPE ? new ProcExit(128 + SIGPIPE, SIGPIPE) : e;
}

export function fd_prestat_get(s: Sys, fd: number, ptr: number): number {
  const name = s.preopens.get(fd);
  if (name === undefined) {
    s.t.with(fd, () => 0); // EBADF for a closed fd
    // An open fd that is not a preopen, below a preopen (a child whose fd 3 was
    // redirected): wasi-libc scans from fd 3 and stops at the first EBADF, so say
    // "not a directory preopen" (an unknown tag, which it skips) instead.
    if (fd >= 3 && [...s.preopens.keys()].some((p) => p > fd)) {
      s.m.setU32(ptr, 1);
      s.m.setU32(ptr + 4, 0);
      return 0;
    }
    fail(E.BADF);
  }
  s.m.setU32(ptr, 0); // preopentype: dir
  s.m.setU32(ptr + 4, new TextEncoder().encode(name).length);
  return 0;
}

export function fd_prestat_dir_name(s: Sys, fd: number, ptr: number, len: number): number {
  const name = s.preopens.get(fd);
  if (name === undefined) fail(E.BADF);
  const b = new TextEncoder().encode(name);
  if (len < b.length) fail(E.NAMETOOLONG);
  s.m.writeString(ptr, b, len);
  return 0;
}

const DIRENT_SIZE = 24;

export function fd_readdir(s: Sys, fd: number, buf: number, len: number, cookie: bigint, out: number): number {
  return s.t.with(fd, (f) => {
    if (f.kind.filetype !== Filetype.DIRECTORY) fail(E.NOTDIR);
    need(s, fd, R.FD_READDIR);
    const dst = s.m.bytes(buf, len);
    const head = new Uint8Array(DIRENT_SIZE);
    const hv = new DataView(head.buffer);
    let used = 0;
    let c = cookie;
    while (used < len) {
      const batch = f.kind.readdir(s.t, f.ofd, c);
      if (batch.length === 0) break;
      for (const e of batch) {
        hv.setBigUint64(0, e.next, true);
        hv.setBigUint64(8, e.ino, true);
        hv.setUint32(16, e.name.length, true);
        hv.setUint8(20, e.filetype);
        // A full buffer ends with a truncated entry, as the witx describes.
        const k1 = Math.min(DIRENT_SIZE, len - used);
        dst.set(head.subarray(0, k1), used);
        used += k1;
        const k2 = Math.min(e.name.length, len - used);
        dst.set(e.name.subarray(0, k2), used);
        used += k2;
        c = e.next;
        if (used >= len) break;
      }
    }
    s.m.setU32(out, used);
    return 0;
  });
}

export function fd_renumber(s: Sys, from: number, to: number): number {
  const t = s.t;
  const c = t.core;
  const src = t.get(from);
  try {
    t.with(to, () => 0); // EBADF unless `to` is open
    if (from === to) return 0;
    const flags = c.fn.fdtField(t.fdt, from, c.k.E_FLAGS);
    const old = c.fn.fdtInstallAt(t.fdt, to, src.ofd, flags, t.rights(from), t.inheriting(from));
    if (old < 0) fail(-old);
    c.fn.ofdRef(src.ofd); // the table's new reference at `to`
    if (old > 0) t.put(old);
    t.close(from);
    const name = s.preopens.get(from);
    s.preopens.delete(to);
    s.preopens.delete(from);
    if (name !== undefined) s.preopens.set(to, name);
    return 0;
  } finally {
    t.put(src);
  }
}

export function fd_seek(s: Sys, fd: number, offset: bigint, whence: number, out: number): number {
  return s.t.with(fd, (f) => {
    if (whence !== Whence.SET && whence !== Whence.CUR && whence !== Whence.END) fail(E.INVAL);
    if (f.kind.filetype === Filetype.DIRECTORY) fail(E.BADF);
    if (f.kind.filetype === Filetype.REGULAR_FILE) need(s, fd, offset === 0n && whence === Whence.CUR ? R.FD_TELL | R.FD_SEEK : R.FD_SEEK, true);
    s.m.setU64(out, f.kind.seek(s.t, f.ofd, BigInt.asIntN(64, offset), whence));
    return 0;
  });
}

export function fd_tell(s: Sys, fd: number, out: number): number {
  return s.t.with(fd, (f) => {
    if (f.kind.filetype === Filetype.DIRECTORY) fail(E.BADF);
    if (f.kind.filetype === Filetype.REGULAR_FILE) need(s, fd, R.FD_TELL | R.FD_SEEK, true);
    s.m.setU64(out, f.kind.seek(s.t, f.ofd, 0n, Whence.CUR));
    return 0;
  });
}
