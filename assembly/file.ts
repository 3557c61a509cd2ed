// Open-file descriptions: one per open(), shared by every fd (in any process)
// that was dup'ed or inherited from it, refcounted.
//
// The description holds what POSIX says is shared across dup: the file offset,
// the status flags (O_APPEND, O_NONBLOCK, ...) and the object itself. What each
// kind stores in F_OBJ/F_AUX/F_STR is documented by that kind's TypeScript class
// (kernel/fs/kinds). Resources a kind holds are released by the TypeScript side
// when ofdUnref reports the last reference gone; then it calls ofdFree.

import { HEADER, H_OFDS } from "./layout";
import { kalloc, kfree } from "./alloc";

export const F_REFS: usize = 0;
export const F_KIND: usize = 4;
export const F_FLAGS: usize = 8; // status flags (WASI fdflags) | access mode bits
export const F_POSLOCK: usize = 12; // serialises offset updates (Linux f_pos_lock)
export const F_OFFSET: usize = 16; // u64
export const F_OBJ: usize = 24; // inode, channel, host fd, device number, ...
export const F_AUX: usize = 28; // mount index, ...
export const F_STR: usize = 32; // a heap string (e.g. a host path), freed with the description
export const F_STRLEN: usize = 36;
export const F_AUX2: usize = 40;
export const F_EPITEMS: usize = 44; // epoll items watching this description (epoll.ts)
export const OFD_SIZE: usize = 48;

export function ofdCreate(kind: u32, flags: u32, obj: u32, aux: u32): usize {
  const f = kalloc(OFD_SIZE);
  if (f == 0) return 0;
  store<i32>(f + F_REFS, 1);
  store<u32>(f + F_KIND, kind);
  store<u32>(f + F_FLAGS, flags);
  store<u32>(f + F_OBJ, obj);
  store<u32>(f + F_AUX, aux);
  atomic.add<u32>(HEADER + H_OFDS, 1);
  return f;
}

export function ofdRef(f: usize): void {
  atomic.add<i32>(f + F_REFS, 1);
}

/** Drops a reference; returns how many are left (0: the caller releases and frees it). */
export function ofdUnref(f: usize): i32 {
  return atomic.sub<i32>(f + F_REFS, 1) - 1;
}

export function ofdFree(f: usize): void {
  kfree(<usize>load<u32>(f + F_STR));
  kfree(f);
  atomic.sub<u32>(HEADER + H_OFDS, 1);
}

/** Attaches a copy of `len` bytes at `src` (kernel heap) as the description's string. */
export function ofdSetStr(f: usize, src: usize, len: u32): bool {
  const s = kalloc(len + 1);
  if (s == 0) return false;
  memory.copy(s, src, len);
  kfree(<usize>load<u32>(f + F_STR));
  store<u32>(f + F_STR, <u32>s);
  store<u32>(f + F_STRLEN, len);
  return true;
}
