// The in-memory file system: inodes, directories, symlinks and file data, all in
// the kernel heap, so every process in every worker reads and writes it directly.
//
// Locking: every function here requires the kernel lock (H_KLOCK), which the
// TypeScript VFS takes around a whole path operation (kernel/fs/vfs.ts). Inodes
// are therefore never freed under a walk in progress.
//
// Lifetime: an inode lives while it has a name (I_NLINK > 0) or an open file
// description (I_REFS > 0); the last of the two to go frees it. A directory has
// nlink 2 + its subdirectories, like on Linux, and I_PARENT for "..".
//
// Directory entries are kept in creation order, each with a sequence number that
// never changes; fd_readdir cookies are those numbers, so a cookie stays valid
// across insertions and removals (cookies 1 and 2 are "." and "..").

import { HEADER, H_NEXT_INO, H_ROOT, H_INODES } from "./layout";
import { kalloc, kfree, krealloc, ksize } from "./alloc";

export const I_REFS: usize = 0;
export const I_NLINK: usize = 4;
export const I_KIND: usize = 8;
export const I_MODE: usize = 12;
export const I_INO: usize = 16; // u64
export const I_SIZE: usize = 24; // u64 (data bytes; entries for a directory)
export const I_DATA: usize = 32; // file data / symlink target / entry array
export const I_ATIM: usize = 40; // u64 ns
export const I_MTIM: usize = 48;
export const I_CTIM: usize = 56;
export const I_PARENT: usize = 64;
export const I_NEXTSEQ: usize = 68;
export const I_RDEV: usize = 72; // device number for character devices
export const INODE_SIZE: usize = 80;

// Kinds (numbered like WASI filetypes).
export const K_CHARDEV: u32 = 2;
export const K_DIR: u32 = 3;
export const K_FILE: u32 = 4;
export const K_SYMLINK: u32 = 7;

// Directory entry.
export const D_SEQ: usize = 0;
export const D_INODE: usize = 4;
export const D_NAME: usize = 8;
export const D_NAMELEN: usize = 12;
export const DIRENT_SIZE: usize = 16;
export const FIRST_SEQ: u32 = 3;

// WASI errnos.
const EEXIST: i32 = 20;
const EINVAL: i32 = 28;
const EISDIR: i32 = 31;
const EMLINK: i32 = 34;
const ENOENT: i32 = 44;
const ENOMEM: i32 = 48;
const ENOSPC: i32 = 51;
const ENOTDIR: i32 = 54;
const ENOTEMPTY: i32 = 55;
const EPERM: i32 = 63;

const MAX_FILE: u64 = 0x40000000; // the heap is at most 1 GiB

// The current time for ctime/mtime updates, set by the caller (per instance: each
// thread sets it before a mutating call; wasm-to-JS i64 would cost a BigInt).
let now: u64 = 0;
export function memSetNow(lo: u32, hi: u32): void {
  now = (<u64>hi << 32) | <u64>lo;
}

function touch(ino: usize, mtime: bool): void {
  store<u64>(ino + I_CTIM, now);
  if (mtime) store<u64>(ino + I_MTIM, now);
}

export function memNewInode(kind: u32, mode: u32): usize {
  const ino = kalloc(INODE_SIZE);
  if (ino == 0) return 0;
  store<u32>(ino + I_KIND, kind);
  store<u32>(ino + I_MODE, mode);
  store<u64>(ino + I_INO, atomic.add<u64>(HEADER + H_NEXT_INO, 1) + 1);
  store<u64>(ino + I_ATIM, now);
  store<u64>(ino + I_MTIM, now);
  store<u64>(ino + I_CTIM, now);
  store<u32>(ino + I_NEXTSEQ, FIRST_SEQ);
  atomic.add<u32>(HEADER + H_INODES, 1);
  return ino;
}

function freeInode(ino: usize): void {
  if (load<u32>(ino + I_KIND) == K_DIR) {
    const ents = <usize>load<u32>(ino + I_DATA);
    const n = <usize>load<u64>(ino + I_SIZE);
    for (let i: usize = 0; i < n; i++) kfree(<usize>load<u32>(ents + i * DIRENT_SIZE + D_NAME));
  }
  kfree(<usize>load<u32>(ino + I_DATA));
  kfree(ino);
  atomic.sub<u32>(HEADER + H_INODES, 1);
}

function maybeFree(ino: usize): void {
  if (load<u32>(ino + I_NLINK) == 0 && load<i32>(ino + I_REFS) == 0) freeInode(ino);
}

/** Creates the root directory once, when the kernel is created. */
export function memInit(): usize {
  const root = memNewInode(K_DIR, 0o755);
  store<u32>(root + I_NLINK, 2);
  store<u32>(root + I_PARENT, <u32>root);
  store<u32>(HEADER + H_ROOT, <u32>root);
  return root;
}

export function memRoot(): usize {
  return <usize>load<u32>(HEADER + H_ROOT);
}

/** An open file description now refers to the inode. */
export function memOpen(ino: usize): void {
  store<i32>(ino + I_REFS, load<i32>(ino + I_REFS) + 1);
}

export function memClose(ino: usize): void {
  store<i32>(ino + I_REFS, load<i32>(ino + I_REFS) - 1);
  maybeFree(ino);
}

function entries(dir: usize): usize {
  return <usize>load<u32>(dir + I_DATA);
}

function count(dir: usize): usize {
  return <usize>load<u64>(dir + I_SIZE);
}

/** Index of the entry called name, or -1. */
function find(dir: usize, name: usize, len: u32): isize {
  const ents = entries(dir);
  const n = count(dir);
  for (let i: usize = 0; i < n; i++) {
    const e = ents + i * DIRENT_SIZE;
    if (load<u32>(e + D_NAMELEN) == len && memory.compare(<usize>load<u32>(e + D_NAME), name, len) == 0) return <isize>i;
  }
  return -1;
}

/** The inode called name in dir, or -ENOTDIR / -ENOENT. "." and ".." are the walker's business. */
export function memLookup(dir: usize, name: usize, len: u32): isize {
  if (load<u32>(dir + I_KIND) != K_DIR) return -ENOTDIR;
  const i = find(dir, name, len);
  if (i < 0) return -ENOENT;
  return <isize>load<u32>(entries(dir) + <usize>i * DIRENT_SIZE + D_INODE);
}

function addEntry(dir: usize, name: usize, len: u32, ino: usize): i32 {
  const n = count(dir);
  let ents = entries(dir);
  if ((n + 1) * DIRENT_SIZE > (ents == 0 ? 0 : ksize(ents))) {
    ents = krealloc(ents, (n + 1) * DIRENT_SIZE * 2);
    if (ents == 0) return -ENOMEM;
    store<u32>(dir + I_DATA, <u32>ents);
  }
  const copy = kalloc(len);
  if (copy == 0) return -ENOMEM;
  memory.copy(copy, name, len);
  const e = ents + n * DIRENT_SIZE;
  const seq = load<u32>(dir + I_NEXTSEQ);
  store<u32>(dir + I_NEXTSEQ, seq + 1);
  store<u32>(e + D_SEQ, seq);
  store<u32>(e + D_INODE, <u32>ino);
  store<u32>(e + D_NAME, <u32>copy);
  store<u32>(e + D_NAMELEN, len);
  store<u64>(dir + I_SIZE, <u64>(n + 1));
  touch(dir, true);
  return 0;
}

function removeEntry(dir: usize, i: usize): void {
  const ents = entries(dir);
  const n = count(dir);
  kfree(<usize>load<u32>(ents + i * DIRENT_SIZE + D_NAME));
  memory.copy(ents + i * DIRENT_SIZE, ents + (i + 1) * DIRENT_SIZE, (n - i - 1) * DIRENT_SIZE);
  store<u64>(dir + I_SIZE, <u64>(n - 1));
  touch(dir, true);
}

/** Creates a file, directory or symlink (target in file data) called name in dir. */
export function memCreate(dir: usize, name: usize, len: u32, kind: u32, mode: u32): isize {
  if (load<u32>(dir + I_KIND) != K_DIR) return -ENOTDIR;
  if (load<u32>(dir + I_NLINK) == 0) return -ENOENT; // a removed directory takes no new names
  if (find(dir, name, len) >= 0) return -EEXIST;
  const ino = memNewInode(kind, mode);
  if (ino == 0) return -ENOMEM;
  if (addEntry(dir, name, len, ino) < 0) {
    freeInode(ino);
    return -ENOMEM;
  }
  if (kind == K_DIR) {
    store<u32>(ino + I_NLINK, 2);
    store<u32>(ino + I_PARENT, <u32>dir);
    store<u32>(dir + I_NLINK, load<u32>(dir + I_NLINK) + 1);
  } else {
    store<u32>(ino + I_NLINK, 1);
  }
  return <isize>ino;
}

/** A new name for an existing non-directory inode. */
export function memLink(dir: usize, name: usize, len: u32, ino: usize): i32 {
  if (load<u32>(dir + I_KIND) != K_DIR) return -ENOTDIR;
  if (load<u32>(dir + I_NLINK) == 0) return -ENOENT;
  if (load<u32>(ino + I_KIND) == K_DIR) return -EPERM;
  if (find(dir, name, len) >= 0) return -EEXIST;
  if (load<u32>(ino + I_NLINK) >= 65000) return -EMLINK;
  const r = addEntry(dir, name, len, ino);
  if (r < 0) return r;
  store<u32>(ino + I_NLINK, load<u32>(ino + I_NLINK) + 1);
  touch(ino, false);
  return 0;
}

function dropLink(dir: usize, ino: usize): void {
  if (load<u32>(ino + I_KIND) == K_DIR) {
    store<u32>(ino + I_NLINK, 0);
    store<u32>(dir + I_NLINK, load<u32>(dir + I_NLINK) - 1);
  } else {
    store<u32>(ino + I_NLINK, load<u32>(ino + I_NLINK) - 1);
  }
  touch(ino, false);
  maybeFree(ino);
}

/** unlink (rmdir=false) or rmdir (rmdir=true) of name in dir. */
export function memUnlink(dir: usize, name: usize, len: u32, rmdir: bool): i32 {
  if (load<u32>(dir + I_KIND) != K_DIR) return -ENOTDIR;
  const i = find(dir, name, len);
  if (i < 0) return -ENOENT;
  const ino = <usize>load<u32>(entries(dir) + <usize>i * DIRENT_SIZE + D_INODE);
  const isDir = load<u32>(ino + I_KIND) == K_DIR;
  if (rmdir && !isDir) return -ENOTDIR;
  if (!rmdir && isDir) return -EISDIR;
  if (isDir && count(ino) != 0) return -ENOTEMPTY;
  removeEntry(dir, <usize>i);
  dropLink(dir, ino);
  return 0;
}

/** True when `dir` is `anc` or lies below it. */
function isWithin(dir: usize, anc: usize): bool {
  let d = dir;
  while (d != anc) {
    const p = <usize>load<u32>(d + I_PARENT);
    if (p == d || p == 0) return false;
    d = p;
  }
  return true;
}

/** rename(2) within the in-memory file system, with POSIX's replacement rules. */
export function memRename(odir: usize, oname: usize, olen: u32, ndir: usize, nname: usize, nlen: u32): i32 {
  if (load<u32>(odir + I_KIND) != K_DIR || load<u32>(ndir + I_KIND) != K_DIR) return -ENOTDIR;
  const oi = find(odir, oname, olen);
  if (oi < 0) return -ENOENT;
  const ino = <usize>load<u32>(entries(odir) + <usize>oi * DIRENT_SIZE + D_INODE);
  const isDir = load<u32>(ino + I_KIND) == K_DIR;
  if (load<u32>(ndir + I_NLINK) == 0) return -ENOENT;
  if (isDir && isWithin(ndir, ino)) return -EINVAL;
  const ni = find(ndir, nname, nlen);
  if (ni >= 0) {
    const victim = <usize>load<u32>(entries(ndir) + <usize>ni * DIRENT_SIZE + D_INODE);
    if (victim == ino) return 0;
    const victimDir = load<u32>(victim + I_KIND) == K_DIR;
    if (isDir && !victimDir) return -ENOTDIR;
    if (!isDir && victimDir) return -EISDIR;
    if (victimDir && count(victim) != 0) return -ENOTEMPTY;
    // Re-point the existing entry: the new name never disappears (POSIX atomicity).
    store<u32>(entries(ndir) + <usize>ni * DIRENT_SIZE + D_INODE, <u32>ino);
    touch(ndir, true);
    dropLink(ndir, victim);
  } else {
    const r = addEntry(ndir, nname, nlen, ino);
    if (r < 0) return r;
  }
  // Remove the old name; its index may have moved if odir == ndir and an entry was added after it.
  const oj = find(odir, oname, olen);
  if (oj >= 0 && load<u32>(entries(odir) + <usize>oj * DIRENT_SIZE + D_INODE) == <u32>ino) removeEntry(odir, <usize>oj);
  if (isDir && odir != ndir) {
    store<u32>(ino + I_PARENT, <u32>ndir);
    store<u32>(odir + I_NLINK, load<u32>(odir + I_NLINK) - 1);
    store<u32>(ndir + I_NLINK, load<u32>(ndir + I_NLINK) + 1);
  }
  touch(ino, false);
  return 0;
}

/**
 * Makes the file at least `end` bytes long (zero-filling) and returns its data
 * address, so the caller can copy bytes in. 0 when the heap is exhausted.
 */
export function memReserve(ino: usize, end32: u32): usize {
  const end = <u64>end32;
  if (end > MAX_FILE) return 0;
  const size = load<u64>(ino + I_SIZE);
  let data = <usize>load<u32>(ino + I_DATA);
  if (end > <u64>(data == 0 ? 0 : ksize(data))) {
    let cap: usize = 64;
    while (<u64>cap < end) cap <<= 1;
    data = krealloc(data, cap);
    if (data == 0) return 0;
    store<u32>(ino + I_DATA, <u32>data);
  }
  if (end > size) {
    memory.fill(data + <usize>size, 0, <usize>(end - size));
    store<u64>(ino + I_SIZE, end);
  }
  return data;
}

/** Sets the file size (zero-filling when it grows). */
export function memTruncate(ino: usize, size32: u32): i32 {
  const size = <u64>size32;
  if (load<u32>(ino + I_KIND) == K_DIR) return -EISDIR;
  if (size > MAX_FILE) return -ENOSPC; // the caller maps this to EFBIG where POSIX wants it
  const cur = load<u64>(ino + I_SIZE);
  if (size > cur) {
    if (memReserve(ino, size32) == 0) return -ENOSPC;
  } else if (size < cur) {
    store<u64>(ino + I_SIZE, size);
  }
  touch(ino, true);
  return 0;
}

/** The first directory entry whose cookie is greater than `cookie`, or 0. */
export function memReaddir(dir: usize, cookie32: u32): usize {
  const cookie = <u64>cookie32;
  const ents = entries(dir);
  const n = count(dir);
  // Entries are in increasing sequence order: binary search for the first one past the cookie.
  let lo: usize = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (<u64>load<u32>(ents + mid * DIRENT_SIZE + D_SEQ) <= cookie) lo = mid + 1;
    else hi = mid;
  }
  return lo < n ? ents + lo * DIRENT_SIZE : 0;
}

export function memSetData(ino: usize, src: usize, len: u32): bool {
  const d = memReserve(ino, len);
  if (len != 0 && d == 0) return false;
  if (len != 0) memory.copy(d, src, len);
  store<u64>(ino + I_SIZE, <u64>len);
  return true;
}
