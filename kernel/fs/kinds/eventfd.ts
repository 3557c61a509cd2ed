// eventfd as a file. F_OBJ is the counter (assembly/eventfd.ts), F_AUX 1 for
// EFD_SEMAPHORE. Reads and writes move exactly 8 bytes (a host-endian u64, as on
// Linux): a read needs a buffer of at least 8 bytes, a write exactly 8 (Linux 6.x),
// else EINVAL. lseek succeeds and does nothing (Linux's noop_llseek).

import { E, fail } from "../../errno.js";
import { Fdflags, Filetype } from "../../wasi/constants.js";
import { BaseKind, type Filestat } from "../file.js";
import { Cursor } from "../ring.js";
import type { Task } from "../../process/task.js";

function efd(t: Task, f: number): number {
  return t.core.load32(f + t.core.k.F_OBJ);
}

export class EventfdKind extends BaseKind {
  readonly filetype = Filetype.UNKNOWN;

  read(t: Task, f: number, bufs: Uint8Array[]): number {
    if (bufs.reduce((n, b) => n + b.length, 0) < 8) fail(E.INVAL);
    const c = t.core;
    const e = efd(t, f);
    const sem = c.load32(f + c.k.F_AUX);
    for (;;) {
      const r = c.fn.efdRead(e, sem, t.scratch);
      if (r === 0) {
        new Cursor(bufs).copyFrom(c.bytes(t.scratch, 8));
        return 8;
      }
      if (t.flags(f) & Fdflags.NONBLOCK) fail(E.AGAIN);
      t.waitFor([[e + c.k.EFD_NOTIFIER, c.k.EV_IN]], () => (c.fn.efdPoll(e) & c.k.EV_IN ? true : undefined));
    }
  }

  write(t: Task, f: number, bufs: Uint8Array[]): number {
    if (bufs.reduce((n, b) => n + b.length, 0) !== 8) fail(E.INVAL);
    const c = t.core;
    const e = efd(t, f);
    new Cursor(bufs).copyTo(c.bytes(t.scratch, 8));
    for (;;) {
      const r = c.fn.efdWrite(e, t.scratch);
      if (r === 0) return 8;
      if (r !== -E.AGAIN) fail(-r);
      if (t.flags(f) & Fdflags.NONBLOCK) fail(E.AGAIN);
      t.waitFor([[e + c.k.EFD_NOTIFIER, c.k.EV_OUT]], () => (c.fn.efdWritable(e, t.scratch) ? true : undefined));
    }
  }

  seek(): bigint {
    return 0n;
  }

  stat(t: Task, f: number): Filestat {
    return { dev: 0n, ino: BigInt(efd(t, f)), filetype: this.filetype, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }

  poll(t: Task, f: number): number {
    return t.core.fn.efdPoll(efd(t, f));
  }

  nread(t: Task, f: number): bigint {
    return this.poll(t, f) & t.core.k.EV_IN ? 8n : 0n;
  }

  notifier(t: Task, f: number): number {
    return efd(t, f) + t.core.k.EFD_NOTIFIER;
  }

  sync(): void { fail(E.INVAL); }
  setTimes(): void {}

  release(t: Task, f: number): void {
    t.core.fn.efdFree(efd(t, f));
  }
}
