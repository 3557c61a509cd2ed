// core.wasm: Cove's kernel data structures in shared memory. One instance per
// thread, every instance on the same memory. See layout.ts for the memory map and
// each file's header for its locking rules. Layout constants are exported so the
// TypeScript side reads field offsets from here instead of restating them.

import { HEADER, KERNEL_MAGIC, H_MAGIC, H_KLOCK, H_NEXT_PID } from "./layout";
import { allocInit } from "./alloc";
import { memInit } from "./memfs";
import { setMayBlock, mutexLock, mutexUnlock } from "./sync";
export { mutexLock, mutexUnlock } from "./sync";

export * from "./layout";
export { kalloc, kfree, krealloc, ksize } from "./alloc";
export * from "./events";
export * from "./channel";
export * from "./file";
export * from "./fdtable";
export * from "./memfs";
export * from "./process";
export * from "./epoll";
export * from "./eventfd";

/** Formats a fresh kernel heap. Called once, by the host thread, before any worker starts. */
export function kernelInit(): bool {
  if (__heap_base > HEADER) return false;
  if (load<u32>(HEADER + H_MAGIC) == KERNEL_MAGIC) return false;
  allocInit();
  store<u32>(HEADER + H_NEXT_PID, 0);
  memInit();
  store<u32>(HEADER + H_MAGIC, KERNEL_MAGIC);
  return true;
}

/** Per-instance set-up: whether this thread may block in Atomics.wait. */
export function threadInit(mayBlock: bool): bool {
  setMayBlock(mayBlock);
  return load<u32>(HEADER + H_MAGIC) == KERNEL_MAGIC;
}

/** The kernel lock, around every path operation and in-memory file access. */
export function klock(): void {
  mutexLock(HEADER + H_KLOCK);
}

export function kunlock(): void {
  mutexUnlock(HEADER + H_KLOCK);
}

/** A kernel header counter (H_BYTES, H_OFDS, ...), for leak tests and diagnostics. */
export function kstat(field: u32): u32 {
  return atomic.load<u32>(HEADER + <usize>field);
}
