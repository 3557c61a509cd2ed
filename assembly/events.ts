// The event subsystem (Occlum's, in shared memory).
//
// Every thread has a wake word. A blocking call arms the word (stores 0), registers
// an observer on each notifier it cares about, re-checks its condition, and then
// waits on the word — in the worker, with Atomics.wait. Anything that could satisfy
// the condition (data arrived, a signal, a kill, a timeout) stores 1 in the word
// and notifies it. Because the waiter registers *before* re-checking, and wakers
// change state *before* looking for observers (both with sequentially consistent
// atomics), no wake-up is ever lost.
//
// A Notifier is a list of observers, each with an interest mask of events
// (IN, OUT, ERR, HUP, ...). broadcast(events) wakes the observers interested in
// any of them. An observer is a "waiter" (wakes one thread: WaiterQueueObserver)
// or, later, an epoll entry (queues itself on the epoll's ready list).
//
// Locking: each notifier has its own lock (N_LOCK), taken only to link, unlink or
// walk observers. It nests inside any other lock and never around one.

import { HEADER, H_NEXT_TID, H_THREADS, H_OBSERVERS } from "./layout";
import { kalloc, kfree } from "./alloc";
import { mutexLock, mutexUnlock } from "./sync";
import { EPI_EVENTS, EPI_EP, EPI_DISABLED, EP_NOTIFIER, EPOLLEXCLUSIVE, epollCallback } from "./epoll";

// Events (Linux's poll bits).
export const EV_IN: u32 = 0x001;
export const EV_PRI: u32 = 0x002;
export const EV_OUT: u32 = 0x004;
export const EV_ERR: u32 = 0x008;
export const EV_HUP: u32 = 0x010;
export const EV_RDHUP: u32 = 0x2000;

// Thread record.
export const T_WAKE: usize = 0; // i32 wake word
export const T_STATE: usize = 4; // i32: THREAD_* below
export const T_TID: usize = 8;
export const T_PID: usize = 12;
export const T_NEXT: usize = 16; // next thread of the same process
export const T_SIGPENDING: usize = 20; // u32 bitmask of pending signals (1 << (sig-1))
export const T_SIGMASK: usize = 24; // u32 blocked signals
export const T_KILLSIG: usize = 28; // the signal that killed the thread (THREAD_KILLED*)
export const T_OBSERVER: usize = 32; // an embedded observer for single-queue waits
export const T_SCRATCH: usize = 64; // the thread's kernel scratch buffer, freed with a killed worker's thread
export const THREAD_SIZE: usize = 96;

// Thread states: whether the thread is in guest code or inside the kernel. A kill
// may terminate a worker only while its thread runs guest code; a thread inside
// the kernel (maybe holding a lock) exits at its next kernel exit instead.
export const THREAD_GUEST: i32 = 0;
export const THREAD_KERNEL: i32 = 1;
export const THREAD_KILLED: i32 = 2; // killed while in guest code: worker terminated
export const THREAD_KILL_PENDING: i32 = 3; // killed while in the kernel

// Observer node.
export const O_NEXT: usize = 0;
export const O_PREV: usize = 4;
export const O_NOTIFIER: usize = 8;
export const O_MASK: usize = 12;
export const O_KIND: usize = 16;
export const O_TARGET: usize = 20; // thread record for a waiter
export const O_HITS: usize = 24; // events seen since registration
export const OBSERVER_SIZE: usize = 32;
export const OBS_WAITER: u32 = 1;
export const OBS_EPOLL: u32 = 2;

// Notifier (embedded in the object whose readiness it reports).
export const N_LOCK: usize = 0;
export const N_HEAD: usize = 4;
export const N_COUNT: usize = 8;
export const NOTIFIER_SIZE: usize = 16;

export function threadCreate(pid: u32): usize {
  const t = kalloc(THREAD_SIZE);
  if (t == 0) return 0;
  store<u32>(t + T_TID, atomic.add<u32>(HEADER + H_NEXT_TID, 1));
  store<u32>(t + T_PID, pid);
  atomic.store<i32>(t + T_STATE, THREAD_KERNEL);
  atomic.add<u32>(HEADER + H_THREADS, 1);
  return t;
}

export function threadFree(t: usize): void {
  atomic.sub<u32>(HEADER + H_THREADS, 1);
  kfree(t);
}

/** Arms the wake word before a blocking wait (see the protocol above). */
export function threadArm(t: usize): void {
  atomic.store<i32>(t + T_WAKE, 0);
}

export function threadWake(t: usize): void {
  atomic.store<i32>(t + T_WAKE, 1);
  atomic.notify(t + T_WAKE, 1);
}

/**
 * Kernel entry: THREAD_GUEST -> THREAD_KERNEL. Returns false when the thread was
 * killed and must exit instead of running the call.
 */
export function threadEnter(t: usize): bool {
  return atomic.cmpxchg<i32>(t + T_STATE, THREAD_GUEST, THREAD_KERNEL) == THREAD_GUEST;
}

/** Kernel exit: THREAD_KERNEL -> THREAD_GUEST. Returns false when a kill is pending. */
export function threadLeave(t: usize): bool {
  return atomic.cmpxchg<i32>(t + T_STATE, THREAD_KERNEL, THREAD_GUEST) == THREAD_KERNEL;
}

/**
 * Kills a thread. Returns true when the caller must terminate the worker now (the
 * thread was in guest code); false when the thread will exit by itself at its next
 * kernel exit (it was woken so that a blocking call returns promptly).
 */
export function threadKill(t: usize, sig: i32): bool {
  atomic.cmpxchg<i32>(t + T_KILLSIG, 0, sig);
  for (;;) {
    const s = atomic.load<i32>(t + T_STATE);
    if (s == THREAD_KILLED || s == THREAD_KILL_PENDING) return false;
    if (s == THREAD_GUEST) {
      if (atomic.cmpxchg<i32>(t + T_STATE, s, THREAD_KILLED) == s) return true;
    } else if (atomic.cmpxchg<i32>(t + T_STATE, s, THREAD_KILL_PENDING) == s) {
      threadWake(t);
      return false;
    }
  }
  return false; // not reached
}

/**
 * Enters the kernel for good (the thread is finishing its process): true unless the
 * thread was killed in guest code, in which case its worker is being terminated
 * and the host thread releases the process instead.
 */
export function threadPin(t: usize): bool {
  for (;;) {
    const s = atomic.load<i32>(t + T_STATE);
    if (s == THREAD_KILLED) return false;
    if (s != THREAD_GUEST) return true;
    if (atomic.cmpxchg<i32>(t + T_STATE, THREAD_GUEST, THREAD_KERNEL) == THREAD_GUEST) return true;
  }
  return false; // not reached
}

export function threadKilled(t: usize): bool {
  return atomic.load<i32>(t + T_STATE) >= THREAD_KILLED;
}

// ---- observers and notifiers ----

export function observerAlloc(): usize {
  const o = kalloc(OBSERVER_SIZE);
  if (o != 0) atomic.add<u32>(HEADER + H_OBSERVERS, 1);
  return o;
}

export function observerFree(o: usize): void {
  atomic.sub<u32>(HEADER + H_OBSERVERS, 1);
  kfree(o);
}

export function notifierAdd(n: usize, o: usize, mask: u32, kind: u32, target: usize): void {
  store<u32>(o + O_MASK, mask);
  store<u32>(o + O_KIND, kind);
  store<u32>(o + O_TARGET, <u32>target);
  store<u32>(o + O_HITS, 0);
  store<u32>(o + O_NOTIFIER, <u32>n);
  mutexLock(n + N_LOCK);
  const head = load<u32>(n + N_HEAD);
  if (kind == OBS_EPOLL && (load<u32>(target + EPI_EVENTS) & EPOLLEXCLUSIVE) != 0 && head != 0) {
    // Linux queues exclusive waiters at the tail (add_wait_queue_exclusive), so the
    // first registered is the first offered a wake-up.
    let last = <usize>head;
    while (load<u32>(last + O_NEXT) != 0) last = <usize>load<u32>(last + O_NEXT);
    store<u32>(o + O_NEXT, 0);
    store<u32>(o + O_PREV, <u32>last);
    store<u32>(last + O_NEXT, <u32>o);
  } else {
    store<u32>(o + O_NEXT, head);
    store<u32>(o + O_PREV, 0);
    if (head != 0) store<u32>(head + O_PREV, <u32>o);
    store<u32>(n + N_HEAD, <u32>o);
  }
  atomic.add<i32>(n + N_COUNT, 1);
  mutexUnlock(n + N_LOCK);
}

/** Whether a thread waits on this notifier (an epoll_wait caller, for EPOLLEXCLUSIVE). */
export function notifierHasWaiter(n: usize): bool {
  if (atomic.load<i32>(n + N_COUNT) == 0) return false;
  mutexLock(n + N_LOCK);
  let o = <usize>load<u32>(n + N_HEAD);
  while (o != 0 && load<u32>(o + O_KIND) != OBS_WAITER) o = <usize>load<u32>(o + O_NEXT);
  mutexUnlock(n + N_LOCK);
  return o != 0;
}

export function notifierRemove(o: usize): void {
  const n = <usize>load<u32>(o + O_NOTIFIER);
  if (n == 0) return;
  mutexLock(n + N_LOCK);
  const next = load<u32>(o + O_NEXT);
  const prev = load<u32>(o + O_PREV);
  if (prev != 0) store<u32>(prev + O_NEXT, next);
  else store<u32>(n + N_HEAD, next);
  if (next != 0) store<u32>(next + O_PREV, prev);
  atomic.sub<i32>(n + N_COUNT, 1);
  mutexUnlock(n + N_LOCK);
  store<u32>(o + O_NOTIFIER, 0);
}

/**
 * Wakes every observer interested in any of `events`. Cheap when nobody listens.
 *
 * EPOLLEXCLUSIVE items (Linux's exclusive wait-queue entries, at the tail) are
 * offered the event in registration order until one of them wakes a thread: an
 * item is always queued on its epoll's ready list, and the walk stops after the
 * first whose epoll has an epoll_wait caller and that wants the event
 * (ep_poll_callback's "ewake" rule). Hang-ups and errors wake every item, as
 * Linux's wake_up_all on release does.
 */
export function notifierBroadcast(n: usize, events: u32): void {
  if (atomic.load<i32>(n + N_COUNT) == 0) return;
  // As Linux's wake_q: waiters are marked under the lock but the first two are
  // notified after it is released, so a woken thread (often scheduled at once, on
  // this vCPU) does not run into N_LOCK, which its notifierRemove needs. A thread
  // already marked is not notified again: its waker does that. A notify that comes
  // after the thread record was freed and reused is a spurious wake-up, which every
  // wait in Cove tolerates (each re-checks its condition).
  let w0: usize = 0;
  let w1: usize = 0;
  mutexLock(n + N_LOCK);
  let o = <usize>load<u32>(n + N_HEAD);
  const exclusiveApplies = (events & (EV_HUP | EV_ERR)) == 0;
  let exclusiveDone = false;
  while (o != 0) {
    if ((atomic.load<u32>(o + O_MASK) & events) != 0) {
      store<u32>(o + O_HITS, load<u32>(o + O_HITS) | events);
      const kind = load<u32>(o + O_KIND);
      if (kind == OBS_WAITER) {
        const t = <usize>load<u32>(o + O_TARGET);
        if (atomic.xchg<i32>(t + T_WAKE, 1) == 0) {
          if (w0 == 0) w0 = t;
          else if (w1 == 0) w1 = t;
          else atomic.notify(t + T_WAKE, 1);
        }
      }
      else if (kind == OBS_EPOLL) {
        const wanted = load<u32>(o + EPI_EVENTS);
        if ((wanted & EPOLLEXCLUSIVE) == 0 || !exclusiveApplies) epollCallback(o, events);
        else if (!exclusiveDone) {
          epollCallback(o, events);
          exclusiveDone = exclusiveWake(o, wanted, events);
        }
      }
    }
    o = <usize>load<u32>(o + O_NEXT);
  }
  mutexUnlock(n + N_LOCK);
  if (w0 != 0) atomic.notify(w0 + T_WAKE, 1);
  if (w1 != 0) atomic.notify(w1 + T_WAKE, 1);
}

/** ep_poll_callback's return value for an exclusive item: whether a thread was woken for it. */
function exclusiveWake(o: usize, wanted: u32, events: u32): bool {
  if (atomic.load<u32>(o + EPI_DISABLED) != 0) return false;
  if (!notifierHasWaiter(<usize>load<u32>(o + EPI_EP) + EP_NOTIFIER)) return false;
  const inout = events & (EV_IN | EV_OUT);
  if (inout == EV_IN) return (wanted & EV_IN) != 0;
  if (inout == EV_OUT) return (wanted & EV_OUT) != 0;
  return inout == 0;
}
