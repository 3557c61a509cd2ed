// cove.* fd calls: pipe2, dup, dup3, fcntl, ioctl. POSIX semantics; flag values
// are wasi-libc's (O_NONBLOCK = 4) plus Cove's O_CLOEXEC (guests/include/fcntl.h).

import { E, fail } from "../errno.js";
import { ACC_READ, ACC_WRITE, Kind } from "../fs/file.js";
import { Fdflags, Filetype, RIGHTS_STREAM } from "../wasi/constants.js";
import type { Sys } from "../wasi/sys.js";

export const O_CLOEXEC = 0x20000000;
export const FD_CLOEXEC = 1;
const O_RDONLY = 0x04000000;
const O_WRONLY = 0x10000000;

const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const F_DUPFD_CLOEXEC = 1030;
const F_SETPIPE_SZ = 1031;
const F_GETPIPE_SZ = 1032;
const FIONREAD = 1;
const FIONBIO = 2;

export const PIPE_DEFAULT_SIZE = 65536;
const PIPE_MAX_SIZE = 1 << 20; // /proc/sys/fs/pipe-max-size

export function pipe2(s: Sys, fdsPtr: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | Fdflags.NONBLOCK)) fail(E.INVAL);
  s.m.bytes(fdsPtr, 8);
  const t = s.t;
  const c = t.core;
  const ch = c.fn.chanCreate(PIPE_DEFAULT_SIZE);
  if (ch === 0) fail(E.NOMEM);
  const nb = flags & Fdflags.NONBLOCK;
  const r = c.fn.ofdCreate(Kind.PIPE_READ, ACC_READ | nb, ch, 0);
  const w = c.fn.ofdCreate(Kind.PIPE_WRITE, ACC_WRITE | nb, ch, 0);
  if (r === 0 || w === 0) {
    if (r) c.fn.ofdFree(r);
    if (w) c.fn.ofdFree(w);
    c.fn.chanCloseEnd(ch, 1);
    c.fn.chanCloseEnd(ch, 0);
    fail(E.NOMEM);
  }
  const fdflags = flags & O_CLOEXEC ? FD_CLOEXEC : 0;
  let rfd: number;
  try {
    rfd = t.install(r, RIGHTS_STREAM, 0, fdflags);
  } catch (e) {
    t.put(w);
    throw e;
  }
  const wfd = t.install(w, RIGHTS_STREAM, 0, fdflags);
  s.m.setU32(fdsPtr, rfd);
  s.m.setU32(fdsPtr + 4, wfd);
  return 0;
}

/** Duplicates fd at the lowest free fd >= minfd. */
function dupFrom(s: Sys, fd: number, minfd: number, fdflags: number): number {
  const t = s.t;
  const f = t.get(fd);
  const rights = t.rights(fd);
  const inherit = t.inheriting(fd);
  return t.install(f.ofd, rights, inherit, fdflags, minfd); // our reference moves into the table
}

export function dup(s: Sys, fd: number, out: number): number {
  s.m.setU32(out, dupFrom(s, fd, 0, 0));
  return 0;
}

export function dup3(s: Sys, oldfd: number, newfd: number, flags: number): number {
  if (flags & ~O_CLOEXEC) fail(E.INVAL);
  const t = s.t;
  const c = t.core;
  const f = t.get(oldfd);
  if (oldfd === newfd) {
    t.put(f);
    fail(E.INVAL);
  }
  if (newfd < 0) {
    t.put(f);
    fail(E.BADF);
  }
  const old = c.fn.fdtInstallAt(t.fdt, newfd, f.ofd, flags & O_CLOEXEC ? FD_CLOEXEC : 0, t.rights(oldfd), t.inheriting(oldfd));
  if (old < 0) {
    t.put(f);
    fail(-old);
  }
  if (old > 0) t.put(old);
  s.preopens.delete(newfd);
  return 0;
}

export function fcntl(s: Sys, fd: number, cmd: number, arg: number, out: number): number {
  const t = s.t;
  const c = t.core;
  let r = 0;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (arg < 0) fail(E.INVAL);
      r = dupFrom(s, fd, arg, cmd === F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
      break;
    case F_GETFD:
      r = c.fn.fdtField(t.fdt, fd, c.k.E_FLAGS);
      if (r < 0) fail(E.BADF);
      break;
    case F_SETFD:
      if (!c.fn.fdtSetField(t.fdt, fd, c.k.E_FLAGS, arg & FD_CLOEXEC)) fail(E.BADF);
      break;
    case F_GETFL:
      r = t.with(fd, (f) => {
        const fl = t.flags(f.ofd);
        return (fl & 0x1f) | (fl & ACC_READ ? O_RDONLY : 0) | (fl & ACC_WRITE ? O_WRONLY : 0);
      });
      break;
    case F_SETFL:
      t.with(fd, (f) => f.kind.setStatusFlags(t, f.ofd, arg));
      break;
    case F_GETPIPE_SZ:
    case F_SETPIPE_SZ:
      r = t.with(fd, (f) => {
        const kind = c.load32(f.ofd + c.k.F_KIND);
        if (kind !== Kind.PIPE_READ && kind !== Kind.PIPE_WRITE) fail(E.BADF);
        const ch = c.load32(f.ofd + c.k.F_OBJ);
        if (cmd === F_GETPIPE_SZ) return c.fn.chanCapacity(ch);
        if (arg < 0 || arg > PIPE_MAX_SIZE) fail(arg < 0 ? E.INVAL : E.PERM);
        const n = c.fn.chanResize(ch, Math.max(arg, 4096));
        if (n < 0) fail(-n);
        return n;
      });
      break;
    default:
      fail(E.INVAL);
  }
  s.m.setU32(out, r);
  return 0;
}

export function ioctl(s: Sys, fd: number, request: number, argp: number): number {
  const t = s.t;
  const c = t.core;
  return t.with(fd, (f) => {
    switch (request) {
      case FIONREAD: {
        const kind = c.load32(f.ofd + c.k.F_KIND);
        if (kind !== Kind.PIPE_READ && kind !== Kind.PIPE_WRITE && f.kind.filetype !== Filetype.REGULAR_FILE) fail(E.NOTTY);
        const n = f.kind.nread(t, f.ofd);
        s.m.setU32(argp, Number(n > 0x7fffffffn ? 0x7fffffffn : n));
        return 0;
      }
      case FIONBIO: {
        const on = s.m.u32(argp) !== 0;
        const fl = t.flags(f.ofd);
        t.setFlags(f.ofd, on ? fl | Fdflags.NONBLOCK : fl & ~Fdflags.NONBLOCK);
        return 0;
      }
      default:
        return fail(E.NOTTY);
    }
  });
}
