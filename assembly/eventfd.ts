// eventfd: a u64 counter with a notifier (Linux fs/eventfd.c). write adds (blocks
// or EAGAIN if the sum would exceed 0xfffffffffffffffe); read returns the counter
// and zeroes it, or with EFD_SEMAPHORE returns 1 and decrements (blocks or EAGAIN
// at zero). The blocking itself is the TypeScript side's (kernel/fs/kinds/eventfd.ts).
// EFD_LOCK guards the counter.

import { kalloc, kfree } from "./alloc";
import { mutexLock, mutexUnlock } from "./sync";
import { NOTIFIER_SIZE, EV_IN, EV_OUT, notifierBroadcast } from "./events";

export const EFD_NOTIFIER: usize = 0;
export const EFD_LOCK: usize = NOTIFIER_SIZE;
export const EFD_COUNT: usize = NOTIFIER_SIZE + 8; // u64
export const EFD_SIZE: usize = NOTIFIER_SIZE + 16;
const MAX: u64 = 0xfffffffffffffffe;

export function efdCreate(init: u32): usize {
  const e = kalloc(EFD_SIZE);
  if (e != 0) store<u64>(e + EFD_COUNT, <u64>init);
  return e;
}

export function efdFree(e: usize): void {
  kfree(e);
}

/** Reads into the u64 at `out`; -EAGAIN (6) when the counter is zero. */
export function efdRead(e: usize, semaphore: bool, out: usize): i32 {
  mutexLock(e + EFD_LOCK);
  const c = load<u64>(e + EFD_COUNT);
  if (c == 0) {
    mutexUnlock(e + EFD_LOCK);
    return -6;
  }
  const v: u64 = semaphore ? 1 : c;
  store<u64>(e + EFD_COUNT, c - v);
  mutexUnlock(e + EFD_LOCK);
  store<u64>(out, v);
  notifierBroadcast(e + EFD_NOTIFIER, EV_OUT);
  return 0;
}

/** Adds the u64 at `src`: -EINVAL (28) for 2^64-1, -EAGAIN (6) when it would overflow. */
export function efdWrite(e: usize, src: usize): i32 {
  const v = load<u64>(src);
  if (v == 0xffffffffffffffff) return -28;
  mutexLock(e + EFD_LOCK);
  const c = load<u64>(e + EFD_COUNT);
  if (v > MAX - c) {
    mutexUnlock(e + EFD_LOCK);
    return -6;
  }
  store<u64>(e + EFD_COUNT, c + v);
  mutexUnlock(e + EFD_LOCK);
  // Even for 0: Linux wakes the readers on every successful write (an ET edge).
  notifierBroadcast(e + EFD_NOTIFIER, EV_IN);
  return 0;
}

/** Readiness: IN when the counter is non-zero, OUT while 1 more can be added. */
export function efdPoll(e: usize): u32 {
  mutexLock(e + EFD_LOCK);
  const c = load<u64>(e + EFD_COUNT);
  mutexUnlock(e + EFD_LOCK);
  let ev: u32 = 0;
  if (c > 0) ev |= EV_IN;
  if (c < MAX) ev |= EV_OUT;
  return ev;
}

/** Whether a write of the u64 at `src` would fit now (for blocking writers). */
export function efdWritable(e: usize, src: usize): bool {
  mutexLock(e + EFD_LOCK);
  const ok = load<u64>(src) <= MAX - load<u64>(e + EFD_COUNT);
  mutexUnlock(e + EFD_LOCK);
  return ok;
}
