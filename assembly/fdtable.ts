// File descriptor tables: fd -> (open-file description, per-fd flags, rights).
//
// Per-fd state is what POSIX and WASI keep per descriptor rather than per open:
// FD_CLOEXEC, and WASI's base/inheriting rights (every preview1 right fits in
// 30 bits, so they are u32 here). A table is owned by one process and shared by
// its threads; its lock (T_LOCK) guards the entry array. fdtGet takes a reference
// on the description before dropping the lock (Linux's fget), so a close by
// another thread cannot free a description in use.

import { kalloc, kfree } from "./alloc";
import { mutexLock, mutexUnlock } from "./sync";
import { ofdRef } from "./file";

export const T_LOCK: usize = 0;
export const T_CAP: usize = 4;
export const T_ENTRIES: usize = 8;
export const T_COUNT: usize = 12;
export const T_LIMIT: usize = 16; // RLIMIT_NOFILE (soft): fds must be below it
export const T_HARD: usize = 20; // RLIMIT_NOFILE (hard)
export const FDTABLE_SIZE: usize = 24;

export const E_OFD: usize = 0;
export const E_FLAGS: usize = 4;
export const E_RIGHTS: usize = 8;
export const E_INHERIT: usize = 12;
export const ENTRY_SIZE: usize = 16;

const EBADF: i32 = 8;
const EMFILE: i32 = 33;
const ENOMEM: i32 = 48;

export function fdtCreate(limit: u32): usize {
  const t = kalloc(FDTABLE_SIZE);
  if (t == 0) return 0;
  const cap: u32 = 64;
  const e = kalloc(<usize>cap * ENTRY_SIZE);
  if (e == 0) {
    kfree(t);
    return 0;
  }
  store<u32>(t + T_CAP, cap);
  store<u32>(t + T_ENTRIES, <u32>e);
  store<u32>(t + T_LIMIT, limit);
  store<u32>(t + T_HARD, 1 << 20);
  return t;
}

/** Frees an empty table (the caller closed every fd first). */
export function fdtFree(t: usize): void {
  kfree(<usize>load<u32>(t + T_ENTRIES));
  kfree(t);
}

@inline function entry(t: usize, fd: u32): usize {
  return <usize>load<u32>(t + T_ENTRIES) + <usize>fd * ENTRY_SIZE;
}

function grow(t: usize, need: u32): bool {
  let cap = load<u32>(t + T_CAP);
  if (need < cap) return true;
  while (cap <= need) cap <<= 1;
  const old = <usize>load<u32>(t + T_ENTRIES);
  const e = kalloc(<usize>cap * ENTRY_SIZE);
  if (e == 0) return false;
  memory.copy(e, old, <usize>load<u32>(t + T_CAP) * ENTRY_SIZE);
  kfree(old);
  store<u32>(t + T_ENTRIES, <u32>e);
  store<u32>(t + T_CAP, cap);
  return true;
}

/** Lowest free fd >= minfd; -errno when none. Caller holds the lock. */
function lowestFree(t: usize, minfd: u32): i32 {
  const cap = load<u32>(t + T_CAP);
  const limit = load<u32>(t + T_LIMIT);
  let fd = minfd;
  while (fd < cap && load<u32>(entry(t, fd) + E_OFD) != 0) fd++;
  if (fd >= limit) return -EMFILE;
  if (!grow(t, fd)) return -ENOMEM;
  return <i32>fd;
}

/** Installs `ofd` (the caller's reference moves into the table) at the lowest fd >= minfd. */
export function fdtInstall(t: usize, minfd: u32, ofd: usize, flags: u32, rights: u32, inherit: u32): i32 {
  mutexLock(t + T_LOCK);
  const fd = lowestFree(t, minfd);
  if (fd >= 0) {
    const e = entry(t, <u32>fd);
    store<u32>(e + E_OFD, <u32>ofd);
    store<u32>(e + E_FLAGS, flags);
    store<u32>(e + E_RIGHTS, rights);
    store<u32>(e + E_INHERIT, inherit);
    store<u32>(t + T_COUNT, load<u32>(t + T_COUNT) + 1);
  }
  mutexUnlock(t + T_LOCK);
  return fd;
}

/**
 * Puts `ofd` at exactly `fd` (dup2). Returns the description that was there (the
 * caller drops that reference), 0 if none, or -errno.
 */
export function fdtInstallAt(t: usize, fd: u32, ofd: usize, flags: u32, rights: u32, inherit: u32): i32 {
  if (fd >= load<u32>(t + T_LIMIT)) return -EBADF;
  mutexLock(t + T_LOCK);
  if (!grow(t, fd)) {
    mutexUnlock(t + T_LOCK);
    return -ENOMEM;
  }
  const e = entry(t, fd);
  const old = load<u32>(e + E_OFD);
  if (old == 0) store<u32>(t + T_COUNT, load<u32>(t + T_COUNT) + 1);
  store<u32>(e + E_OFD, <u32>ofd);
  store<u32>(e + E_FLAGS, flags);
  store<u32>(e + E_RIGHTS, rights);
  store<u32>(e + E_INHERIT, inherit);
  mutexUnlock(t + T_LOCK);
  return <i32>old;
}

/** The description at fd with a new reference (fget), or 0 for a bad fd. */
export function fdtGet(t: usize, fd: u32): usize {
  mutexLock(t + T_LOCK);
  let ofd: usize = 0;
  if (fd < load<u32>(t + T_CAP)) {
    ofd = <usize>load<u32>(entry(t, fd) + E_OFD);
    if (ofd != 0) ofdRef(ofd);
  }
  mutexUnlock(t + T_LOCK);
  return ofd;
}

/** Reads a per-fd field (E_FLAGS, E_RIGHTS, E_INHERIT); -1 for a bad fd. */
export function fdtField(t: usize, fd: u32, field: u32): i32 {
  mutexLock(t + T_LOCK);
  let v: i32 = -1;
  if (fd < load<u32>(t + T_CAP) && load<u32>(entry(t, fd) + E_OFD) != 0) {
    v = <i32>load<u32>(entry(t, fd) + <usize>field);
  }
  mutexUnlock(t + T_LOCK);
  return v;
}

export function fdtSetField(t: usize, fd: u32, field: u32, value: u32): bool {
  mutexLock(t + T_LOCK);
  let ok = false;
  if (fd < load<u32>(t + T_CAP) && load<u32>(entry(t, fd) + E_OFD) != 0) {
    store<u32>(entry(t, fd) + <usize>field, value);
    ok = true;
  }
  mutexUnlock(t + T_LOCK);
  return ok;
}

/** Removes fd; returns its description (the caller drops that reference) or 0 for a bad fd. */
export function fdtRemove(t: usize, fd: u32): usize {
  mutexLock(t + T_LOCK);
  let ofd: usize = 0;
  if (fd < load<u32>(t + T_CAP)) {
    const e = entry(t, fd);
    ofd = <usize>load<u32>(e + E_OFD);
    if (ofd != 0) {
      store<u32>(e + E_OFD, 0);
      store<u32>(t + T_COUNT, load<u32>(t + T_COUNT) - 1);
    }
  }
  mutexUnlock(t + T_LOCK);
  return ofd;
}

/** Highest fd in use + 1 (for iterating a table). */
export function fdtSpan(t: usize): u32 {
  mutexLock(t + T_LOCK);
  let n = load<u32>(t + T_CAP);
  while (n > 0 && load<u32>(entry(t, n - 1) + E_OFD) == 0) n--;
  mutexUnlock(t + T_LOCK);
  return n;
}

export function fdtCount(t: usize): u32 {
  return atomic.load<u32>(t + T_COUNT);
}

export function fdtSetLimit(t: usize, limit: u32): void {
  store<u32>(t + T_LIMIT, limit);
}
