// A regular file of the in-memory file system. F_OBJ is the inode. Data is copied
// between the guest's buffers and the inode's data under the kernel lock, which
// also makes O_APPEND writes and offset updates atomic.

import { E, fail } from "../../errno.js";
import { Fdflags, Filetype } from "../../wasi/constants.js";
import { BaseKind, ACC_READ, ACC_WRITE, type Filestat } from "../file.js";
import { memSetTimes, memStat } from "../memfs.js";
import type { Task } from "../../process/task.js";

const MAX_SIZE = 0x40000000n; // the kernel heap is at most 1 GiB

export class MemFileKind extends BaseKind {
  readonly filetype = Filetype.REGULAR_FILE;

  private ino(t: Task, f: number): number {
    return t.core.load32(f + t.core.k.F_OBJ);
  }

  private locked<T>(t: Task, fn: () => T): T {
    t.core.fn.klock();
    try {
      return fn();
    } finally {
      t.core.fn.kunlock();
    }
  }

  read(t: Task, f: number, bufs: Uint8Array[], pos?: bigint): number {
    if ((t.flags(f) & ACC_READ) === 0) fail(E.BADF);
    const c = t.core;
    const ino = this.ino(t, f);
    return this.locked(t, () => {
      const size = c.load64(ino + c.k.I_SIZE);
      let at = pos ?? t.offset(f);
      let n = 0;
      if (at < size) {
        const data = c.load32(ino + c.k.I_DATA);
        const avail = Number(size - at);
        const src = c.bytes(data + Number(at), avail);
        for (const b of bufs) {
          const k = Math.min(b.length, avail - n);
          b.set(src.subarray(n, n + k));
          n += k;
          if (n === avail) break;
        }
        at += BigInt(n);
      }
      if (pos === undefined) t.setOffset(f, at);
      c.store64(ino + c.k.I_ATIM, t.host.realtimeNs());
      return n;
    });
  }

  write(t: Task, f: number, bufs: Uint8Array[], pos?: bigint): number {
    const flags = t.flags(f);
    if ((flags & ACC_WRITE) === 0) fail(E.BADF);
    const c = t.core;
    const ino = this.ino(t, f);
    let len = 0;
    for (const b of bufs) len += b.length;
    return this.locked(t, () => {
      const append = (flags & Fdflags.APPEND) !== 0;
      const at = pos !== undefined ? pos : append ? c.load64(ino + c.k.I_SIZE) : t.offset(f);
      const end = at + BigInt(len);
      if (end > MAX_SIZE) fail(E.FBIG);
      if (len > 0) {
        const data = c.fn.memReserve(ino, Number(end));
        if (data === 0) fail(E.NOSPC);
        const dst = c.bytes(data + Number(at), len);
        let n = 0;
        for (const b of bufs) {
          dst.set(b, n);
          n += b.length;
        }
        const now = t.host.realtimeNs();
        c.store64(ino + c.k.I_MTIM, now);
        c.store64(ino + c.k.I_CTIM, now);
      }
      if (pos === undefined) t.setOffset(f, end);
      return len;
    });
  }

  seek(t: Task, f: number, offset: bigint, whence: number): bigint {
    const c = t.core;
    return this.locked(t, () => {
      const base = whence === 0 ? 0n : whence === 1 ? t.offset(f) : c.load64(this.ino(t, f) + c.k.I_SIZE);
      const to = base + offset;
      if (to < 0n) fail(E.INVAL);
      t.setOffset(f, to);
      return to;
    });
  }

  nread(t: Task, f: number): bigint {
    const size = this.stat(t, f).size;
    const off = t.offset(f);
    return size > off ? size - off : 0n;
  }

  stat(t: Task, f: number): Filestat {
    return this.locked(t, () => memStat(t, this.ino(t, f)));
  }

  setSize(t: Task, f: number, size: bigint): void {
    if ((t.flags(f) & ACC_WRITE) === 0) fail(E.BADF);
    if (size > MAX_SIZE) fail(E.FBIG);
    this.locked(t, () => {
      t.setNow();
      const r = t.core.fn.memTruncate(this.ino(t, f), Number(size));
      if (r < 0) fail(-r);
    });
  }

  setTimes(t: Task, f: number, atim: bigint | null, mtim: bigint | null): void {
    this.locked(t, () => memSetTimes(t, this.ino(t, f), atim, mtim));
  }

  sync(): void {}

  allocate(t: Task, f: number, offset: bigint, len: bigint): void {
    if ((t.flags(f) & ACC_WRITE) === 0) fail(E.BADF);
    const end = offset + len;
    if (end > MAX_SIZE) fail(E.FBIG);
    const c = t.core;
    this.locked(t, () => {
      const ino = this.ino(t, f);
      if (end > c.load64(ino + c.k.I_SIZE) && c.fn.memReserve(ino, Number(end)) === 0) fail(E.NOSPC);
    });
  }

  release(t: Task, f: number): void {
    this.locked(t, () => t.core.fn.memClose(this.ino(t, f)));
  }
}
