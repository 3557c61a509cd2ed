// Channels: byte rings in shared memory with a producer end and a consumer end
// (Occlum's Channel). Pipes, stdio streams fed by the host, and stream unix
// sockets are thin wrappers over channels.
//
// head and tail are free-running u32 indices (the ring position is index & (cap-1)),
// so tail - head is the number of buffered bytes even after wrap-around. Only the
// producer moves tail and only the consumer moves head, each with a seq-cst atomic
// store, so one reader and one writer need no lock at all. Several writers (or
// readers) of one channel serialise on C_WLOCK (C_RLOCK), which the TypeScript side
// holds for a whole write of at most PIPE_BUF bytes: that is what makes such writes
// atomic. The bytes themselves are copied by the TypeScript side (guest memory is
// not the kernel heap); the core does the index arithmetic, state and wake-ups.
//
// Readiness: IN when tail != head or no writer is left (EOF); OUT when there is
// space; HUP on the read side when every writer closed; ERR on the write side when
// every reader closed. Every change is broadcast on the channel's notifier.

import { HEADER, H_CHANNELS } from "./layout";
import { kalloc, kfree } from "./alloc";
import { EV_IN, EV_OUT, EV_ERR, EV_HUP, notifierBroadcast } from "./events";
import { mutexLock, mutexUnlock } from "./sync";

export const C_NOTIFIER: usize = 0;
export const C_HEAD: usize = 16;
export const C_TAIL: usize = 20;
export const C_CAP: usize = 24;
export const C_DATA: usize = 28;
export const C_READERS: usize = 32;
export const C_WRITERS: usize = 36;
export const C_WLOCK: usize = 40;
export const C_RLOCK: usize = 44;
export const C_ENDS: usize = 48; // readers + writers; the channel dies when it reaches 0
export const CHANNEL_SIZE: usize = 64;

function pow2AtLeast(n: u32): u32 {
  let c: u32 = 4096;
  while (c < n && c < 0x40000000) c <<= 1;
  return c;
}

/** A channel with one reader end and one writer end open. 0 when out of memory. */
export function chanCreate(capacity: u32): usize {
  const ch = kalloc(CHANNEL_SIZE);
  if (ch == 0) return 0;
  const cap = pow2AtLeast(capacity);
  const data = kalloc(cap);
  if (data == 0) {
    kfree(ch);
    return 0;
  }
  store<u32>(ch + C_CAP, cap);
  store<u32>(ch + C_DATA, <u32>data);
  store<i32>(ch + C_READERS, 1);
  store<i32>(ch + C_WRITERS, 1);
  store<i32>(ch + C_ENDS, 2);
  atomic.add<u32>(HEADER + H_CHANNELS, 1);
  return ch;
}

export function chanReadable(ch: usize): u32 {
  return atomic.load<u32>(ch + C_TAIL) - atomic.load<u32>(ch + C_HEAD);
}

export function chanWritable(ch: usize): u32 {
  return load<u32>(ch + C_CAP) - chanReadable(ch);
}

/** Ring offset (address) where the next read starts, and how many bytes follow it contiguously. */
export function chanReadPtr(ch: usize): usize {
  return <usize>load<u32>(ch + C_DATA) + <usize>(atomic.load<u32>(ch + C_HEAD) & (load<u32>(ch + C_CAP) - 1));
}

export function chanReadSpan(ch: usize): u32 {
  const cap = load<u32>(ch + C_CAP);
  const toEnd = cap - (atomic.load<u32>(ch + C_HEAD) & (cap - 1));
  const avail = chanReadable(ch);
  return avail < toEnd ? avail : toEnd;
}

export function chanWritePtr(ch: usize): usize {
  return <usize>load<u32>(ch + C_DATA) + <usize>(atomic.load<u32>(ch + C_TAIL) & (load<u32>(ch + C_CAP) - 1));
}

export function chanWriteSpan(ch: usize): u32 {
  const cap = load<u32>(ch + C_CAP);
  const toEnd = cap - (atomic.load<u32>(ch + C_TAIL) & (cap - 1));
  const space = chanWritable(ch);
  return space < toEnd ? space : toEnd;
}

/** The consumer took n bytes: free the space and wake writers waiting for it. */
export function chanConsume(ch: usize, n: u32): void {
  atomic.add<u32>(ch + C_HEAD, n);
  notifierBroadcast(ch + C_NOTIFIER, EV_OUT);
}

/** The producer added n bytes: publish them and wake readers. */
export function chanProduce(ch: usize, n: u32): void {
  atomic.add<u32>(ch + C_TAIL, n);
  notifierBroadcast(ch + C_NOTIFIER, EV_IN);
}

/** Current readiness of one end (reader: IN/HUP; writer: OUT/ERR). */
export function chanPoll(ch: usize, reader: bool): u32 {
  let ev: u32 = 0;
  // As Linux's pipe_poll: HUP (not IN) once every writer is gone and the ring is
  // empty; ERR on the write side once every reader is gone. Pipes have no RDHUP.
  if (reader) {
    if (chanReadable(ch) != 0) ev |= EV_IN;
    if (atomic.load<i32>(ch + C_WRITERS) == 0) ev |= EV_HUP;
  } else {
    if (chanWritable(ch) != 0) ev |= EV_OUT;
    if (atomic.load<i32>(ch + C_READERS) == 0) ev |= EV_ERR;
  }
  return ev;
}

export function chanReaders(ch: usize): i32 {
  return atomic.load<i32>(ch + C_READERS);
}

export function chanWriters(ch: usize): i32 {
  return atomic.load<i32>(ch + C_WRITERS);
}

/** Another open end of the given side (a new open-file description on it). */
export function chanOpenEnd(ch: usize, reader: bool): void {
  atomic.add<i32>(ch + (reader ? C_READERS : C_WRITERS), 1);
  atomic.add<i32>(ch + C_ENDS, 1);
}

/** Closes one end; frees the channel with its last end. */
export function chanCloseEnd(ch: usize, reader: bool): void {
  if (reader) {
    if (atomic.sub<i32>(ch + C_READERS, 1) == 1) notifierBroadcast(ch + C_NOTIFIER, EV_ERR | EV_OUT);
  } else {
    if (atomic.sub<i32>(ch + C_WRITERS, 1) == 1) notifierBroadcast(ch + C_NOTIFIER, EV_HUP | EV_IN);
  }
  if (atomic.sub<i32>(ch + C_ENDS, 1) == 1) {
    kfree(<usize>load<u32>(ch + C_DATA));
    kfree(ch);
    atomic.sub<u32>(HEADER + H_CHANNELS, 1);
  }
}

/**
 * Changes the ring's capacity (F_SETPIPE_SZ), keeping its bytes. Takes both side
 * locks, so no read or write is in progress. Returns the new capacity, or -EBUSY
 * if the buffered bytes do not fit, -ENOMEM.
 */
export function chanResize(ch: usize, capacity: u32): i32 {
  const cap = pow2AtLeast(capacity);
  mutexLock(ch + C_RLOCK);
  mutexLock(ch + C_WLOCK);
  let r: i32 = <i32>cap;
  const used = chanReadable(ch);
  if (used > cap) r = -10; // EBUSY
  else if (cap != load<u32>(ch + C_CAP)) {
    const data = kalloc(cap);
    if (data == 0) r = -48; // ENOMEM
    else {
      // Copy the buffered bytes to the start of the new ring.
      const old = <usize>load<u32>(ch + C_DATA);
      const oldCap = load<u32>(ch + C_CAP);
      const head = atomic.load<u32>(ch + C_HEAD);
      const first = min(used, oldCap - (head & (oldCap - 1)));
      memory.copy(data, old + <usize>(head & (oldCap - 1)), first);
      memory.copy(data + <usize>first, old, used - first);
      store<u32>(ch + C_DATA, <u32>data);
      store<u32>(ch + C_CAP, cap);
      atomic.store<u32>(ch + C_HEAD, 0);
      atomic.store<u32>(ch + C_TAIL, used);
      kfree(old);
      notifierBroadcast(ch + C_NOTIFIER, EV_OUT);
    }
  }
  mutexUnlock(ch + C_WLOCK);
  mutexUnlock(ch + C_RLOCK);
  return r;
}

export function chanCapacity(ch: usize): u32 {
  return load<u32>(ch + C_CAP);
}
