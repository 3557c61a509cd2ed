// path_* calls of wasi_snapshot_preview1. Every path is resolved by the VFS
// relative to a directory fd, confined to it (kernel/fs/vfs.ts), under the
// kernel lock. Errno choices follow Linux and wasmtime (docs/WASI-SEMANTICS.md).

import { E, fail } from "../errno.js";
import { Filetype, Fdflags, LOOKUP_SYMLINK_FOLLOW, Oflags, R, RIGHTS_DIR, RIGHTS_FILE, RIGHTS_STREAM } from "./constants.js";
import type { Sys } from "./sys.js";
import { need, timesFromFlags, writeFilestat } from "./fd.js";
import { dirVnode } from "../fs/kinds/dir.js";
import type { Vnode } from "../fs/vfs.js";
import { Kind } from "../fs/file.js";
import { openAt } from "../fs/open.js";

/** The directory behind a dirfd, checked for `rights`. */
function dirOf(s: Sys, fd: number, rights: number): Vnode {
  return s.t.with(fd, (f) => {
    if (s.t.core.load32(f.ofd + s.t.core.k.F_KIND) !== Kind.DIR) fail(E.NOTDIR);
    need(s, fd, rights);
    return dirVnode(s.t, f.ofd);
  });
}

function path(s: Sys, ptr: number, len: number): string {
  return s.m.string(ptr, len);
}

export function path_create_directory(s: Sys, fd: number, p: number, l: number): number {
  const dir = dirOf(s, fd, R.PATH_CREATE_DIRECTORY);
  const name = path(s, p, l);
  const { vfs } = s.t;
  return vfs.locked(s.t, () => {
    const ref = vfs.resolveParent(s.t, dir, name);
    if (ref.name === "." || ref.name === ".." || vfs.tryChild(s.t, ref.dir, ref.name)) fail(E.EXIST);
    ref.dir.fs.mkdir(s.t, ref.dir.node, ref.name);
    return 0;
  });
}

export function path_filestat_get(s: Sys, fd: number, flags: number, p: number, l: number, out: number): number {
  const dir = dirOf(s, fd, R.PATH_FILESTAT_GET);
  const name = path(s, p, l);
  const st = s.t.vfs.locked(s.t, () => {
    const v = s.t.vfs.resolve(s.t, dir, name, (flags & LOOKUP_SYMLINK_FOLLOW) !== 0);
    return v.fs.stat(s.t, v.node);
  });
  writeFilestat(s, out, st);
  return 0;
}

export function path_filestat_set_times(s: Sys, fd: number, flags: number, p: number, l: number, atim: bigint, mtim: bigint, fst: number): number {
  const dir = dirOf(s, fd, R.PATH_FILESTAT_SET_TIMES);
  const name = path(s, p, l);
  const [a, m] = timesFromFlags(s, atim, mtim, fst);
  return s.t.vfs.locked(s.t, () => {
    const v = s.t.vfs.resolve(s.t, dir, name, (flags & LOOKUP_SYMLINK_FOLLOW) !== 0);
    v.fs.setTimes(s.t, v.node, a, m);
    return 0;
  });
}

export function path_link(s: Sys, ofd: number, oflags: number, op: number, ol: number, nfd: number, np: number, nl: number): number {
  const odir = dirOf(s, ofd, R.PATH_LINK_SOURCE);
  const ndir = dirOf(s, nfd, R.PATH_LINK_TARGET);
  const oname = path(s, op, ol);
  const nname = path(s, np, nl);
  const { vfs } = s.t;
  return vfs.locked(s.t, () => {
    const src = vfs.resolve(s.t, odir, oname, (oflags & LOOKUP_SYMLINK_FOLLOW) !== 0);
    if (src.fs.filetype(s.t, src.node) === Filetype.DIRECTORY) fail(E.PERM);
    const ref = vfs.resolveParent(s.t, ndir, nname);
    if (ref.name === "." || ref.name === ".." || vfs.tryChild(s.t, ref.dir, ref.name)) fail(E.EXIST);
    if (ref.trailingSlash) fail(E.NOENT);
    if (ref.dir.fs !== src.fs) fail(E.XDEV);
    src.fs.link(s.t, src.node, ref.dir.node, ref.name);
    return 0;
  });
}

/** Which access an open needs, from the rights asked for (as wasmtime decides). */
function accessFrom(rights: number, fdflags: number): { read: boolean; write: boolean } {
  const read = (rights & (R.FD_READ | R.FD_READDIR)) !== 0;
  const write = (rights & (R.FD_WRITE | R.FD_ALLOCATE | R.FD_FILESTAT_SET_SIZE)) !== 0 || (fdflags & Fdflags.APPEND) !== 0;
  return { read, write };
}

export function path_open(s: Sys, fd: number, dirflags: number, p: number, l: number, oflags: number, base: bigint, inheriting: bigint, fdflags: number, out: number): number {
  const t = s.t;
  const dir = dirOf(s, fd, R.PATH_OPEN);
  const name = path(s, p, l);
  if (oflags & ~0xf || fdflags & ~0x1f) fail(E.INVAL);
  if (oflags & Oflags.DIRECTORY && oflags & (Oflags.CREAT | Oflags.EXCL | Oflags.TRUNC)) fail(E.INVAL);
  const baseRights = Number(base & 0x3fffffffn);
  const inhRights = Number(inheriting & 0x3fffffffn);
  const dirInherit = t.inheriting(fd);
  if (oflags & Oflags.CREAT) need(s, fd, R.PATH_CREATE_FILE);
  if (oflags & Oflags.TRUNC) need(s, fd, R.PATH_FILESTAT_SET_SIZE);
  const follow = (dirflags & LOOKUP_SYMLINK_FOLLOW) !== 0;
  const acc = accessFrom(baseRights, fdflags);
  const { ofd, type } = openAt(t, dir, name, follow, oflags, fdflags, acc);
  // Rights that apply to what was opened: a directory never gets FD_SEEK, FD_WRITE, ...
  const kindRights = type === Filetype.DIRECTORY ? RIGHTS_DIR | R.FD_READ : type === Filetype.REGULAR_FILE ? RIGHTS_FILE : RIGHTS_STREAM | R.FD_SEEK | R.FD_TELL;
  const newFd = t.install(ofd, baseRights & dirInherit & kindRights, inhRights & dirInherit);
  s.m.setU32(out, newFd);
  return 0;
}

export function path_readlink(s: Sys, fd: number, p: number, l: number, buf: number, len: number, out: number): number {
  const dir = dirOf(s, fd, R.PATH_READLINK);
  const name = path(s, p, l);
  const target = s.t.vfs.locked(s.t, () => {
    const v = s.t.vfs.resolve(s.t, dir, name, false);
    if (v.fs.filetype(s.t, v.node) !== Filetype.SYMBOLIC_LINK) fail(E.INVAL);
    return v.fs.readlink(s.t, v.node);
  });
  s.m.setU32(out, s.m.writeString(buf, target, len));
  return 0;
}

export function path_remove_directory(s: Sys, fd: number, p: number, l: number): number {
  const dir = dirOf(s, fd, R.PATH_REMOVE_DIRECTORY);
  const name = path(s, p, l);
  const { vfs } = s.t;
  return vfs.locked(s.t, () => {
    const ref = vfs.resolveParent(s.t, dir, name);
    if (ref.name === ".") fail(E.INVAL);
    if (ref.name === "..") fail(E.NOTEMPTY);
    if (vfs.isMountPoint(ref.dir, ref.name)) fail(E.BUSY);
    ref.dir.fs.unlink(s.t, ref.dir.node, ref.name, true);
    return 0;
  });
}

export function path_rename(s: Sys, ofd: number, op: number, ol: number, nfd: number, np: number, nl: number): number {
  const odir = dirOf(s, ofd, R.PATH_RENAME_SOURCE);
  const ndir = dirOf(s, nfd, R.PATH_RENAME_TARGET);
  const oname = path(s, op, ol);
  const nname = path(s, np, nl);
  const { vfs } = s.t;
  return vfs.locked(s.t, () => {
    const from = vfs.resolveParent(s.t, odir, oname);
    const to = vfs.resolveParent(s.t, ndir, nname);
    if (from.name === "." || from.name === ".." || to.name === "." || to.name === "..") fail(E.BUSY);
    if (vfs.isMountPoint(from.dir, from.name) || vfs.isMountPoint(to.dir, to.name)) fail(E.BUSY);
    const src = vfs.tryChild(s.t, from.dir, from.name);
    if (!src) fail(E.NOENT);
    const srcDir = src.fs.filetype(s.t, src.node) === Filetype.DIRECTORY;
    if (!srcDir && (from.trailingSlash || to.trailingSlash)) {
      const dst = vfs.tryChild(s.t, to.dir, to.name);
      if (dst && dst.fs.filetype(s.t, dst.node) === Filetype.DIRECTORY) fail(E.ISDIR);
      fail(E.NOTDIR);
    }
    if (from.dir.fs !== to.dir.fs) fail(E.XDEV);
    from.dir.fs.rename(s.t, from.dir.node, from.name, to.dir.node, to.name);
    return 0;
  });
}

export function path_symlink(s: Sys, op: number, ol: number, fd: number, np: number, nl: number): number {
  const target = path(s, op, ol);
  const dir = dirOf(s, fd, R.PATH_SYMLINK);
  if (target.includes("\0")) fail(E.INVAL);
  if (target.startsWith("/")) fail(E.PERM); // could never be followed inside the sandbox
  const name = path(s, np, nl);
  const { vfs } = s.t;
  return vfs.locked(s.t, () => {
    const ref = vfs.resolveParent(s.t, dir, name);
    if (ref.name === "." || ref.name === ".." || vfs.tryChild(s.t, ref.dir, ref.name)) fail(E.EXIST);
    if (ref.trailingSlash) fail(E.NOENT);
    ref.dir.fs.symlink(s.t, ref.dir.node, ref.name, target);
    return 0;
  });
}

export function path_unlink_file(s: Sys, fd: number, p: number, l: number): number {
  const dir = dirOf(s, fd, R.PATH_UNLINK_FILE);
  const name = path(s, p, l);
  const { vfs } = s.t;
  return vfs.locked(s.t, () => {
    const ref = vfs.resolveParent(s.t, dir, name);
    if (ref.name === "." || ref.name === "..") fail(E.ISDIR);
    const v = vfs.tryChild(s.t, ref.dir, ref.name);
    if (!v) fail(E.NOENT);
    const type = v.fs.filetype(s.t, v.node);
    if (type === Filetype.DIRECTORY) fail(E.ISDIR);
    if (ref.trailingSlash) fail(E.NOTDIR);
    ref.dir.fs.unlink(s.t, ref.dir.node, ref.name, false);
    return 0;
  });
}
