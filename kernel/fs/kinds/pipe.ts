// Pipe ends over a channel (assembly/channel.ts). F_OBJ is the channel. Linux
// pipe semantics: EOF once every writer closed; EPIPE once every reader closed;
// writes of at most PIPE_BUF bytes are atomic (they wait until they fit whole, and
// writers serialise on the channel's writer lock); O_NONBLOCK gives EAGAIN.
//
// Locking: C_RLOCK (C_WLOCK) is held from the readiness check to the index update
// of one read (write), never while sleeping; the copies need no other lock because
// only the holder moves that side's index.

import { E, fail } from "../../errno.js";
import { Fdflags, Filetype } from "../../wasi/constants.js";
import { BaseKind, type Filestat } from "../file.js";
import type { Task } from "../../process/task.js";
import { Cursor, ringRead, ringWrite } from "../ring.js";
import { EPOLLRDNORM, EPOLLWRNORM } from "./epoll.js";

export const PIPE_BUF = 4096;

function channel(t: Task, f: number): number {
  return t.core.load32(f + t.core.k.F_OBJ);
}

abstract class PipeEnd extends BaseKind {
  readonly filetype = Filetype.UNKNOWN;
  abstract readonly reader: boolean;

  stat(t: Task, f: number): Filestat {
    return { dev: 0n, ino: BigInt(channel(t, f)), filetype: this.filetype, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }

  /** Linux's pipe_poll: IN|RDNORM, OUT|WRNORM, HUP (read end), ERR (write end). */
  poll(t: Task, f: number): number {
    const c = t.core;
    const ev = c.fn.chanPoll(channel(t, f), this.reader ? 1 : 0);
    return ev | (ev & c.k.EV_IN ? EPOLLRDNORM : 0) | (ev & c.k.EV_OUT ? EPOLLWRNORM : 0);
  }

  notifier(t: Task, f: number): number {
    return channel(t, f) + t.core.k.C_NOTIFIER;
  }

  nread(t: Task, f: number): bigint {
    return BigInt(t.core.fn.chanReadable(channel(t, f)));
  }

  sync(): void { fail(E.INVAL); }
  setTimes(): void {}

  release(t: Task, f: number): void {
    t.core.fn.chanCloseEnd(channel(t, f), this.reader ? 1 : 0);
  }
}

export class PipeReadKind extends PipeEnd {
  readonly reader = true;

  read(t: Task, f: number, bufs: Uint8Array[]): number {
    const c = t.core;
    const ch = channel(t, f);
    const want = bufs.reduce((n, b) => n + b.length, 0);
    if (want === 0) return 0;
    const lock = ch + c.k.C_RLOCK;
    for (;;) {
      c.fn.mutexLock(lock);
      try {
        if (c.fn.chanReadable(ch) > 0) return ringRead(c, ch, new Cursor(bufs), want);
        if (c.fn.chanWriters(ch) === 0) return 0;
      } finally {
        c.fn.mutexUnlock(lock);
      }
      if (t.flags(f) & Fdflags.NONBLOCK) fail(E.AGAIN);
      t.waitFor([[ch + c.k.C_NOTIFIER, c.k.EV_IN | c.k.EV_HUP]], () =>
        c.fn.chanReadable(ch) > 0 || c.fn.chanWriters(ch) === 0 ? true : undefined,
      );
    }
  }
}

export class PipeWriteKind extends PipeEnd {
  readonly reader = false;

  write(t: Task, f: number, bufs: Uint8Array[]): number {
    const c = t.core;
    const ch = channel(t, f);
    const total = bufs.reduce((n, b) => n + b.length, 0);
    const src = new Cursor(bufs);
    const atomic = total <= PIPE_BUF;
    const lock = ch + c.k.C_WLOCK;
    let written = 0;
    while (written < total || total === 0) {
      c.fn.mutexLock(lock);
      try {
        if (c.fn.chanReaders(ch) === 0) {
          if (written > 0) return written;
          fail(E.PIPE);
        }
        if (total === 0) return 0;
        const space = c.fn.chanWritable(ch);
        if (space > 0 && (!atomic || space >= total)) {
          written += ringWrite(c, ch, src, Math.min(space, total - written));
          continue;
        }
      } finally {
        c.fn.mutexUnlock(lock);
      }
      if (t.flags(f) & Fdflags.NONBLOCK) {
        if (written > 0) return written;
        fail(E.AGAIN);
      }
      const need = atomic ? total : 1;
      t.waitFor([[ch + c.k.C_NOTIFIER, c.k.EV_OUT | c.k.EV_ERR]], () =>
        c.fn.chanWritable(ch) >= need || c.fn.chanReaders(ch) === 0 ? true : undefined,
      );
    }
    return written;
  }
}

