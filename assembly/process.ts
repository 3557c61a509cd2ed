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
import { NOTIFIER_SIZE, EV_IN, notifierBroadcast, threadFree, threadKill } from "./events";

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

/** Frees a reaped process record and its thread record (a zombie keeps it until then). */
export function procFree(p: usize): void {
  const t = <usize>load<u32>(p + P_THREADS);
  if (t != 0) threadFree(t);
  kfree(p);
}

/** Unlinks p from the process list (plock held) and frees it. */
function unlinkAndFree(p: usize): void {
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
  procFree(p);
}

/**
 * The process exited: record the wait status, hand its children to init (the
 * host, ppid 0: zombies among them are reaped now, since init reaps at once), and
 * tell the parent.
 */
export function procExit(p: usize, status: i32): void {
  const pid = load<u32>(p + P_PID);
  mutexLock(HEADER + H_PLOCK);
  atomic.store<i32>(p + P_STATUS, status);
  atomic.store<i32>(p + P_STATE, PROC_ZOMBIE);
  let q = <usize>load<u32>(HEADER + H_PROCS);
  while (q != 0) {
    const next = <usize>load<u32>(q + P_NEXT);
    if (load<u32>(q + P_PPID) == pid) {
      if (atomic.load<i32>(q + P_STATE) == PROC_ZOMBIE) unlinkAndFree(q);
      else store<u32>(q + P_PPID, 0);
    }
    q = next;
  }
  mutexUnlock(HEADER + H_PLOCK);
  const parent = procFind(load<u32>(p + P_PPID));
  if (parent != 0) notifierBroadcast(parent + P_NOTIFIER, EV_IN);
  notifierBroadcast(p + P_NOTIFIER, EV_IN);
}

/** Frees a zombie whose parent is init (the host); true if it did. */
export function procReapOrphan(p: usize): bool {
  mutexLock(HEADER + H_PLOCK);
  const orphan = load<u32>(p + P_PPID) == 0 && atomic.load<i32>(p + P_STATE) == PROC_ZOMBIE;
  if (orphan) unlinkAndFree(p);
  mutexUnlock(HEADER + H_PLOCK);
  return orphan;
}

/** Whether `p` matches wait4's pid argument: -1 any child, >0 that pid, 0 / <-1 a process group. */
function waitMatches(p: usize, pid: i32, callerPgid: u32): bool {
  if (pid == -1) return true;
  if (pid > 0) return load<u32>(p + P_PID) == <u32>pid;
  const pgid = pid == 0 ? callerPgid : <u32>(-pid);
  return load<u32>(p + P_PGID) == pgid;
}

/**
 * wait4's search among the children of `ppid`: a matching zombie is unlinked and
 * returned (the caller reads its pid and status, then frees it with procFree);
 * 0 if matching children exist but none has exited; -ECHILD if there are none.
 */
export function procWaitChild(ppid: u32, pid: i32, callerPgid: u32): isize {
  mutexLock(HEADER + H_PLOCK);
  let link = HEADER + H_PROCS;
  let q = <usize>load<u32>(link);
  let any = false;
  while (q != 0) {
    if (load<u32>(q + P_PPID) == ppid && waitMatches(q, pid, callerPgid)) {
      any = true;
      if (atomic.load<i32>(q + P_STATE) == PROC_ZOMBIE) {
        store<u32>(link, load<u32>(q + P_NEXT));
        store<u32>(HEADER + H_NPROCS, load<u32>(HEADER + H_NPROCS) - 1);
        mutexUnlock(HEADER + H_PLOCK);
        return <isize>q;
      }
    }
    link = q + P_NEXT;
    q = <usize>load<u32>(link);
  }
  mutexUnlock(HEADER + H_PLOCK);
  return any ? 0 : -12; // ECHILD
}

/** Pids of the live processes in group `pgid` (0: every process), written to `out` (at most max); returns how many. */
export function procListGroup(pgid: u32, out: usize, max: u32): u32 {
  mutexLock(HEADER + H_PLOCK);
  let n: u32 = 0;
  let q = <usize>load<u32>(HEADER + H_PROCS);
  while (q != 0 && n < max) {
    if ((pgid == 0 || load<u32>(q + P_PGID) == pgid) && atomic.load<i32>(q + P_STATE) != PROC_ZOMBIE) {
      store<u32>(out + (<usize>n << 2), load<u32>(q + P_PID));
      n++;
    }
    q = <usize>load<u32>(q + P_NEXT);
  }
  mutexUnlock(HEADER + H_PLOCK);
  return n;
}

/**
 * Kills the live process `pid` with `sig` (its thread exits, see threadKill), under
 * the process-table lock so that it cannot be reaped meanwhile. Returns -ESRCH when
 * there is no such live process, 1 when the caller must terminate its worker (the
 * thread was in guest code), 0 otherwise.
 */
export function procKill(pid: u32, sig: i32): i32 {
  mutexLock(HEADER + H_PLOCK);
  let p = <usize>load<u32>(HEADER + H_PROCS);
  while (p != 0 && load<u32>(p + P_PID) != pid) p = <usize>load<u32>(p + P_NEXT);
  let r: i32 = -71; // ESRCH
  if (p != 0 && atomic.load<i32>(p + P_STATE) != PROC_ZOMBIE) {
    const t = <usize>load<u32>(p + P_THREADS);
    r = t != 0 && threadKill(t, sig) ? 1 : 0;
  }
  mutexUnlock(HEADER + H_PLOCK);
  return r;
}

/** Removes a process from the table and frees it (it was reaped). */
export function procReap(p: usize): void {
  mutexLock(HEADER + H_PLOCK);
  unlinkAndFree(p);
  mutexUnlock(HEADER + H_PLOCK);
}
