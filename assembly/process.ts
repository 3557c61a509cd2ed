// Process records: the kernel's view of a process, in shared memory so that any
// worker can find a parent, a child or a pid (kill, wait4). The threads of a
// process are thread records (events.ts) linked from P_THREADS.
//
// Locking: H_PLOCK guards the process list and the parent/child fields. The exit
// status and state are published with atomic stores and broadcast on the
// parent's P_NOTIFIER (a wait4 in the parent observes it).

import { HEADER, H_PROCS, H_PLOCK, H_NEXT_PID, H_NPROCS } from "./layout";
import { kalloc, kfree } from "./alloc";
import { mutexLock, mutexUnlock } from "./sync";
import { NOTIFIER_SIZE, EV_IN, notifierBroadcast } from "./events";

export const P_PID: usize = 0;
export const P_PPID: usize = 4;
export const P_STATE: usize = 8; // PROC_* below
export const P_STATUS: usize = 12; // wait status, Linux encoding (exit << 8 | termsig)
export const P_FDT: usize = 16;
export const P_NEXT: usize = 20;
export const P_THREADS: usize = 24;
export const P_PGID: usize = 28;
export const P_NOTIFIER: usize = 32; // children's state changes
export const PROCESS_SIZE: usize = 32 + NOTIFIER_SIZE;

export const PROC_RUNNING: i32 = 1;
export const PROC_ZOMBIE: i32 = 2;

export function procCreate(ppid: u32, fdt: usize): usize {
  const p = kalloc(PROCESS_SIZE);
  if (p == 0) return 0;
  const pid = atomic.add<u32>(HEADER + H_NEXT_PID, 1) + 1;
  store<u32>(p + P_PID, pid);
  store<u32>(p + P_PPID, ppid);
  store<u32>(p + P_PGID, pid);
  store<u32>(p + P_FDT, <u32>fdt);
  atomic.store<i32>(p + P_STATE, PROC_RUNNING);
  mutexLock(HEADER + H_PLOCK);
  store<u32>(p + P_NEXT, load<u32>(HEADER + H_PROCS));
  store<u32>(HEADER + H_PROCS, <u32>p);
  store<u32>(HEADER + H_NPROCS, load<u32>(HEADER + H_NPROCS) + 1);
  mutexUnlock(HEADER + H_PLOCK);
  return p;
}

export function procFind(pid: u32): usize {
  mutexLock(HEADER + H_PLOCK);
  let p = <usize>load<u32>(HEADER + H_PROCS);
  while (p != 0 && load<u32>(p + P_PID) != pid) p = <usize>load<u32>(p + P_NEXT);
  mutexUnlock(HEADER + H_PLOCK);
  return p;
}

/** The process exited: record the wait status and tell the parent. */
export function procExit(p: usize, status: i32): void {
  atomic.store<i32>(p + P_STATUS, status);
  atomic.store<i32>(p + P_STATE, PROC_ZOMBIE);
  const parent = procFind(load<u32>(p + P_PPID));
  if (parent != 0) notifierBroadcast(parent + P_NOTIFIER, EV_IN);
  notifierBroadcast(p + P_NOTIFIER, EV_IN);
}

/** Removes a zombie from the table (it was reaped). */
export function procReap(p: usize): void {
  mutexLock(HEADER + H_PLOCK);
  let link = HEADER + H_PROCS;
  let q = <usize>load<u32>(link);
  while (q != 0 && q != p) {
    link = q + P_NEXT;
    q = <usize>load<u32>(link);
  }
  if (q == p) {
    store<u32>(link, load<u32>(p + P_NEXT));
    store<u32>(HEADER + H_NPROCS, load<u32>(HEADER + H_NPROCS) - 1);
  }
  mutexUnlock(HEADER + H_PLOCK);
  kfree(p);
}
