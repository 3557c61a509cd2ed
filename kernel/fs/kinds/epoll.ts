// An epoll instance as a file (anon inode). F_OBJ is the instance in the kernel
// heap (assembly/epoll.ts). An epoll is itself pollable — readable while its
// ready list is not empty — so it can be watched by another epoll or by poll.

import { E, fail } from "../../errno.js";
import { Filetype } from "../../wasi/constants.js";
import { BaseKind, type Filestat } from "../file.js";
import type { Task } from "../../process/task.js";

export function epollOf(t: Task, f: number): number {
  return t.core.load32(f + t.core.k.F_OBJ);
}

export class EpollKind extends BaseKind {
  readonly filetype = Filetype.UNKNOWN;

  read(): number { return fail(E.INVAL); }
  write(): number { return fail(E.INVAL); }

  stat(t: Task, f: number): Filestat {
    return { dev: 0n, ino: BigInt(epollOf(t, f)), filetype: this.filetype, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }

  poll(t: Task, f: number): number {
    return t.core.fn.epReadyCount(epollOf(t, f)) > 0 ? t.core.k.EV_IN : 0;
  }

  notifier(t: Task, f: number): number {
    return epollOf(t, f) + t.core.k.EP_NOTIFIER;
  }

  sync(): void { fail(E.INVAL); }
  setTimes(): void {}

  release(t: Task, f: number): void {
    const c = t.core;
    const ep = epollOf(t, f);
    c.fn.klock();
    try {
      for (let i = c.fn.epItemAfter(ep, 0); i !== 0; i = c.fn.epItemAfter(ep, 0)) c.fn.epRemove(i);
    } finally {
      c.fn.kunlock();
    }
    c.fn.epFree(ep);
  }
}
