// A futex-style mutex in shared memory (Drepper, "Futexes are tricky", mutex #2).
// States: 0 unlocked, 1 locked, 2 locked with waiters.
//
// Threads that may block (guest workers) sleep with memory.atomic.wait32; a thread
// that must not block (a browser page's main thread) only spins. Which kind this
// instance is lives in a per-instance global, set once by thread_init.

let mayBlock = true;

export function setMayBlock(v: bool): void {
  mayBlock = v;
}

export function mutexLock(addr: usize): void {
  if (atomic.cmpxchg<i32>(addr, 0, 1) == 0) return;
  for (let i = 0; i < 64; i++) {
    if (atomic.load<i32>(addr) == 0 && atomic.cmpxchg<i32>(addr, 0, 1) == 0) return;
  }
  let c = atomic.xchg<i32>(addr, 2);
  while (c != 0) {
    if (mayBlock) memory.atomic.wait32(addr, 2, -1);
    c = atomic.xchg<i32>(addr, 2);
  }
}

export function mutexUnlock(addr: usize): void {
  if (atomic.sub<i32>(addr, 1) != 1) {
    atomic.store<i32>(addr, 0);
    atomic.notify(addr, 1);
  }
}
