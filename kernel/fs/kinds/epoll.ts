// An epoll instance as a file (anon inode). F_OBJ is the instance in the kernel
// heap (assembly/epoll.ts). An epoll is itself pollable — readable (IN|RDNORM) while
// an item on its ready list really has events — so it can be watched by another
// epoll or by poll.

import { E, fail } from "../../errno.js";
import { Filetype } from "../../wasi/constants.js";
import { BaseKind, kindOf, type Filestat } from "../file.js";
import type { Task } from "../../process/task.js";

export const EPOLLRDNORM = 0x040;
export const EPOLLWRNORM = 0x100;

export function epollOf(t: Task, f: number): number {
  return t.core.load32(f + t.core.k.F_OBJ);
}

// The kernel lock, held by epoll_ctl and epoll_wait while they look at items (a
// close elsewhere removes items under it too). Re-entrant within this thread: the
// poll of a nested epoll runs inside an outer epoll_wait's harvest.
let klockDepth = 0;

export function underKlock<T>(t: Task, fn: () => T): T {
  if (klockDepth++ === 0) t.core.fn.klock();
  try {
    return fn();
  } finally {
    if (--klockDepth === 0) t.core.fn.kunlock();
  }
}

/** The events of interest an item's file has now (ERR and HUP always count). */
export function itemEvents(t: Task, i: number): number {
  const c = t.core;
  const ofd = c.load32(i + c.k.EPI_OFD);
  const wanted = (c.load32(i + c.k.EPI_EVENTS) & 0x0fffffff) | 0x18;
  return kindOf(t, ofd).poll(t, ofd) & wanted;
}

export class EpollKind extends BaseKind {
  readonly filetype = Filetype.UNKNOWN;

  read(): number { return fail(E.INVAL); }
  write(): number { return fail(E.INVAL); }

  seek(): bigint {
    return 0n; // Linux: noop_llseek
  }

  stat(t: Task, f: number): Filestat {
    return { dev: 0n, ino: BigInt(epollOf(t, f)), filetype: this.filetype, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }

  /**
   * As Linux's ep_eventpoll_poll: readable if an item on the ready list has events
   * now. Items queued by an event but no longer ready (a drained level-triggered
   * pipe, say) are dropped from the list on the way, so a stale entry never makes
   * an epoll look readable to poll or to an outer epoll. Nesting is at most
   * EP_MAX_NESTS deep (epoll_ctl's loop check), and so is the recursion here.
   */
  poll(t: Task, f: number): number {
    const c = t.core;
    const ep = epollOf(t, f);
    if (c.fn.epReadyCount(ep) === 0) return 0;
    return underKlock(t, () => {
      for (;;) {
        const i = c.fn.epPop(ep);
        if (i === 0) return 0;
        if (c.load32(i + c.k.EPI_DISABLED) === 0 && itemEvents(t, i) !== 0) {
          c.fn.epPushFront(i);
          return c.k.EV_IN | EPOLLRDNORM;
        }
      }
    });
  }

  notifier(t: Task, f: number): number {
    return epollOf(t, f) + t.core.k.EP_NOTIFIER;
  }

  sync(): void { fail(E.INVAL); }
  setTimes(): void {}

  release(t: Task, f: number): void {
    const c = t.core;
    const ep = epollOf(t, f);
    underKlock(t, () => {
      for (let i = c.fn.epItemAfter(ep, 0); i !== 0; i = c.fn.epItemAfter(ep, 0)) c.fn.epRemove(i);
    });
    c.fn.epFree(ep);
  }
}
