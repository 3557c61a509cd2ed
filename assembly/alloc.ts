// The kernel heap allocator: power-of-two size classes in shared memory.
//
// Every block has an 8-byte header {u32 class, u32 magic} just before the pointer
// handed out, so kfree needs no size. Freed blocks go on their class's free list
// and are reused; never-used memory is taken from a bump pointer, growing the
// shared memory when it runs out. There is no coalescing: kernel objects come in a
// few fixed sizes, and large buffers (file data, rings) are power-of-two anyway.
//
// Locking: H_ALOCK guards the free lists and the bump pointer. It is the innermost
// lock: kalloc/kfree may be called with any other lock held, never the reverse.
// H_BYTES/H_BLOCKS count what is live, so tests can check that nothing leaks.

import { HEADER, HEAP_START, H_ALOCK, H_BUMP, H_BYTES, H_BLOCKS, H_FREE } from "./layout";
import { mutexLock, mutexUnlock } from "./sync";

const BLOCK_MAGIC: u32 = 0xb10c;
const FREED_MAGIC: u32 = 0xdead;
const MIN_CLASS: u32 = 4; // 16 bytes
const MAX_CLASS: u32 = 30; // 1 GiB

function classFor(size: usize): u32 {
  const total = size + 8;
  let c = MIN_CLASS;
  while ((<usize>1 << c) < total) c++;
  return c;
}

export function allocInit(): void {
  store<u32>(HEADER + H_BUMP, <u32>HEAP_START);
}

/** Returns a zeroed block of at least `size` bytes, or 0 when memory is exhausted. */
export function kalloc(size: usize): usize {
  if (size > (<usize>1 << MAX_CLASS) - 8) return 0;
  const c = classFor(size);
  const bytes = <usize>1 << c;
  const lock = HEADER + H_ALOCK;
  mutexLock(lock);
  const head = HEADER + H_FREE + (<usize>c << 2);
  let block = <usize>load<u32>(head);
  if (block != 0) {
    store<u32>(head, load<u32>(block + 8)); // next free block is kept in the payload
  } else {
    block = <usize>load<u32>(HEADER + H_BUMP);
    const end = block + bytes;
    const have = <usize>memory.size() << 16;
    if (end > have) {
      const pages = <i32>((end - have + 0xffff) >> 16);
      if (memory.grow(pages) < 0) {
        mutexUnlock(lock);
        return 0;
      }
    }
    store<u32>(HEADER + H_BUMP, <u32>end);
  }
  store<u32>(HEADER + H_BYTES, load<u32>(HEADER + H_BYTES) + <u32>bytes);
  store<u32>(HEADER + H_BLOCKS, load<u32>(HEADER + H_BLOCKS) + 1);
  mutexUnlock(lock);
  store<u32>(block, c);
  store<u32>(block + 4, BLOCK_MAGIC);
  memory.fill(block + 8, 0, bytes - 8);
  return block + 8;
}

/** Usable size of a block from kalloc. */
export function ksize(ptr: usize): usize {
  return (<usize>1 << load<u32>(ptr - 8)) - 8;
}

export function kfree(ptr: usize): void {
  if (ptr == 0) return;
  const block = ptr - 8;
  // A double free or a wild pointer would corrupt every process; refuse it loudly.
  if (load<u32>(block + 4) != BLOCK_MAGIC) unreachable();
  const c = load<u32>(block);
  store<u32>(block + 4, FREED_MAGIC);
  const lock = HEADER + H_ALOCK;
  mutexLock(lock);
  const head = HEADER + H_FREE + (<usize>c << 2);
  store<u32>(block + 8, load<u32>(head));
  store<u32>(head, <u32>block);
  store<u32>(HEADER + H_BYTES, load<u32>(HEADER + H_BYTES) - (<u32>1 << c));
  store<u32>(HEADER + H_BLOCKS, load<u32>(HEADER + H_BLOCKS) - 1);
  mutexUnlock(lock);
}

/** Grows a block to hold at least `size` bytes, keeping its contents. 0 on failure (old block kept). */
export function krealloc(ptr: usize, size: usize): usize {
  if (ptr != 0 && size <= ksize(ptr)) return ptr;
  const fresh = kalloc(size);
  if (fresh == 0) return 0;
  if (ptr != 0) {
    memory.copy(fresh, ptr, ksize(ptr));
    kfree(ptr);
  }
  return fresh;
}
