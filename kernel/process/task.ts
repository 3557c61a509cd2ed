// A Task is the kernel's view of the calling thread: its core instance, thread
// and process records, fd table, and the host services it may use. Every syscall
// runs with the Task of the thread that made it (DESIGN.md: the syscall layer runs
// in the guest's own worker).

import { Core } from "../core/core.js";
import { E, fail } from "../errno.js";
import { Logger } from "../log.js";
import type { HostApi } from "../host/api.js";
import { kindOf, type FileKind } from "../fs/file.js";
import type { Vfs } from "../fs/vfs.js";

/** Thrown to unwind a thread that was killed (or whose process is exiting). */
export class ThreadExit extends Error {
  constructor(readonly status: number) {
    super("thread exit");
  }
}

/** An open file in use by a syscall: the description and its kind. */
export interface FileRef {
  fd: number;
  ofd: number;
  kind: FileKind;
}

export const SCRATCH_SIZE = 8192;
/** How many times a blocking call re-checks its condition before sleeping. */
const SPIN_CHECKS = 200;

export class Task {
  /** Kernel-heap buffer for names and paths passed to the core. */
  readonly scratch: number;
  private readonly enc = new TextEncoder();

  constructor(
    readonly core: Core,
    readonly host: HostApi,
    readonly vfs: Vfs,
    readonly log: Logger,
    readonly pid: number,
    readonly proc: number,
    readonly thread: number,
    readonly fdt: number,
  ) {
    const s = core.fn.kalloc(SCRATCH_SIZE);
    if (s === 0) throw new Error("kernel heap exhausted");
    this.scratch = s;
    // Recorded in the thread, so that if this thread's worker is terminated (killed
    // in guest code) whoever finishes the process frees it.
    if (thread !== 0 && core.load32(thread + core.k.T_SCRATCH) === 0) {
      core.store32(thread + core.k.T_SCRATCH, s);
      this.ownsSlot = true;
    }
  }

  private ownsSlot = false;

  dispose(): void {
    if (this.ownsSlot) this.core.store32(this.thread + this.core.k.T_SCRATCH, 0);
    this.core.fn.kfree(this.scratch);
  }

  /** Frees a scratch buffer the thread's (terminated) worker left behind. */
  freeOrphanScratch(): void {
    const c = this.core;
    const s = c.load32(this.thread + c.k.T_SCRATCH);
    if (s !== 0 && s !== this.scratch) {
      c.store32(this.thread + c.k.T_SCRATCH, 0);
      c.fn.kfree(s);
    }
  }

  // ---- files ----

  /** The file at fd, referenced for the duration of a call (pair with put). */
  get(fd: number): FileRef {
    if (fd < 0 || fd > 0x7fffffff) fail(E.BADF);
    const ofd = this.core.fn.fdtGet(this.fdt, fd);
    if (ofd === 0) fail(E.BADF);
    return { fd, ofd, kind: kindOf(this, ofd) };
  }

  put(f: FileRef | number): void {
    unrefOfd(this, typeof f === "number" ? f : f.ofd);
  }

  /** Runs fn with the file at fd referenced. */
  with<T>(fd: number, fn: (f: FileRef) => T): T {
    const f = this.get(fd);
    try {
      return fn(f);
    } finally {
      this.put(f);
    }
  }

  rights(fd: number): number {
    const r = this.core.fn.fdtField(this.fdt, fd, this.core.k.E_RIGHTS);
    if (r < 0) fail(E.BADF);
    return r >>> 0;
  }

  inheriting(fd: number): number {
    const r = this.core.fn.fdtField(this.fdt, fd, this.core.k.E_INHERIT);
    if (r < 0) fail(E.BADF);
    return r >>> 0;
  }

  /** Installs a description (taking over the caller's reference) at the lowest free fd. */
  install(ofd: number, rights: number, inherit: number, fdflags = 0, minfd = 0): number {
    const fd = this.core.fn.fdtInstall(this.fdt, minfd, ofd, fdflags, rights, inherit);
    if (fd < 0) {
      this.put(ofd);
      fail(-fd);
    }
    return fd;
  }

  close(fd: number): void {
    const ofd = this.core.fn.fdtRemove(this.fdt, fd);
    if (ofd === 0) fail(E.BADF);
    this.put(ofd);
  }

  /** Closes every fd (process exit). */
  closeAll(): void {
    const n = this.core.fn.fdtSpan(this.fdt);
    for (let fd = 0; fd < n; fd++) {
      const ofd = this.core.fn.fdtRemove(this.fdt, fd);
      if (ofd !== 0) this.put(ofd);
    }
  }

  // ---- descriptions ----

  flags(ofd: number): number {
    return this.core.load32(ofd + this.core.k.F_FLAGS);
  }

  setFlags(ofd: number, v: number): void {
    this.core.store32(ofd + this.core.k.F_FLAGS, v);
  }

  offset(ofd: number): bigint {
    return this.core.load64(ofd + this.core.k.F_OFFSET);
  }

  setOffset(ofd: number, v: bigint): void {
    this.core.store64(ofd + this.core.k.F_OFFSET, v);
  }

  /** Copies a string (UTF-8) into the scratch buffer; returns its byte length. */
  scratchString(s: string, at = 0): number {
    const room = SCRATCH_SIZE - at;
    // Encode, then copy: browsers' encodeInto refuses a view of shared memory (the kernel heap).
    const bytes = this.enc.encode(s);
    if (bytes.length > room) fail(E.NAMETOOLONG);
    this.core.bytes(this.scratch + at, bytes.length).set(bytes);
    return bytes.length;
  }

  /** Tells the core the time, for the ctime/mtime updates of the next memfs call. */
  setNow(): bigint {
    const now = this.host.realtimeNs();
    this.core.fn.memSetNow(Number(now & 0xffffffffn), Number(now >> 32n));
    return now;
  }

  // ---- blocking ----

  /**
   * Blocks until check() returns a value, a notifier broadcasts one of the events,
   * the deadline (monotonic ns) passes (returns undefined), or the thread is killed
   * (throws ThreadExit). See assembly/events.ts for why no wake-up is lost.
   */
  waitFor<T>(watch: Array<[notifier: number, events: number]>, check: () => T | undefined, deadline?: bigint): T | undefined {
    const c = this.core;
    const wakeIndex = (this.thread + c.k.T_WAKE) >> 2;
    // Spin briefly first: waking a sleeping thread on the other vCPU costs 40-100 µs
    // (PERF-NOTES.md), far more than polling while the peer is running. Bounded, so
    // an idle wait still sleeps almost at once.
    for (let i = 0; i < SPIN_CHECKS; i++) {
      const r = check();
      if (r !== undefined) return r;
      if (deadline !== undefined && i % 64 === 63 && this.host.monotonicNs() >= deadline) break;
    }
    for (;;) {
      const r = check();
      if (r !== undefined) return r;
      c.fn.threadArm(this.thread);
      const embedded = this.thread + c.k.T_OBSERVER;
      const observers: number[] = [];
      try {
        for (const [n, ev] of watch) {
          if (n === 0) continue;
          const o = observers.length === 0 ? embedded : c.fn.observerAlloc();
          if (o === 0) fail(E.NOMEM);
          c.fn.notifierAdd(n, o, ev, c.k.OBS_WAITER, this.thread);
          observers.push(o);
        }
        const again = check();
        if (again !== undefined) return again;
        this.checkKilled();
        let timeout = Infinity;
        if (deadline !== undefined) {
          const left = deadline - this.host.monotonicNs();
          if (left <= 0n) return undefined;
          timeout = Number(left) / 1e6;
        }
        Atomics.wait(c.i32(wakeIndex + 1), wakeIndex, 0, timeout);
      } finally {
        for (const o of observers) {
          c.fn.notifierRemove(o);
          if (o !== embedded) c.fn.observerFree(o);
        }
      }
      this.checkKilled();
    }
  }

  /** Sleeps until the deadline (monotonic ns); interruptible by a kill. */
  sleepUntil(deadline: bigint): void {
    this.waitFor<true>([], () => undefined, deadline);
  }

  checkKilled(): void {
    if (this.core.fn.threadKilled(this.thread)) throw this.killedExit();
  }

  /** The exit of a thread that was killed: 128 + the signal that killed it. */
  killedExit(): ThreadExit {
    const sig = this.core.load32(this.thread + this.core.k.T_KILLSIG);
    return new ThreadExit(128 + (sig || 9));
  }
}

/** Drops a reference to a description; the last one releases what it holds. */
export function unrefOfd(t: Task, ofd: number): void {
  if (t.core.fn.ofdUnref(ofd) === 0) {
    // Linux: closing the last reference to a description removes it from every epoll
    // set. Under the kernel lock, which epoll_wait holds while it looks at items.
    if (t.core.fn.ofdFirstEpitem(ofd) !== 0) {
      t.core.fn.klock();
      try {
        for (let i = t.core.fn.ofdFirstEpitem(ofd); i !== 0; i = t.core.fn.ofdFirstEpitem(ofd)) t.core.fn.epRemove(i);
      } finally {
        t.core.fn.kunlock();
      }
    }
    try {
      kindOf(t, ofd).release(t, ofd);
    } finally {
      t.core.fn.ofdFree(ofd);
    }
  }
}
