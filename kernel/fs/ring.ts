// Copies between buffers and a channel's ring (assembly/channel.ts). The caller
// holds the side's lock (C_RLOCK / C_WLOCK) or is that side's only user (a host
// pump), so the index it moves cannot change under it.

import type { Core } from "../core/core.js";

/** Walks a list of buffers as one byte sequence. */
export class Cursor {
  private bi = 0;
  private bo = 0;
  constructor(private readonly bufs: Uint8Array[]) {}
  /** Copies up to dst.length bytes into dst; returns how many. */
  copyTo(dst: Uint8Array): number {
    let n = 0;
    while (n < dst.length && this.bi < this.bufs.length) {
      const b = this.bufs[this.bi]!;
      const k = Math.min(b.length - this.bo, dst.length - n);
      dst.set(b.subarray(this.bo, this.bo + k), n);
      n += k;
      this.bo += k;
      if (this.bo === b.length) {
        this.bi++;
        this.bo = 0;
      }
    }
    return n;
  }
  /** Copies src into the buffers at the cursor; returns how many bytes fitted. */
  copyFrom(src: Uint8Array): number {
    let n = 0;
    while (n < src.length && this.bi < this.bufs.length) {
      const b = this.bufs[this.bi]!;
      const k = Math.min(b.length - this.bo, src.length - n);
      b.set(src.subarray(n, n + k), this.bo);
      n += k;
      this.bo += k;
      if (this.bo === b.length) {
        this.bi++;
        this.bo = 0;
      }
    }
    return n;
  }
}

/** Moves up to `max` buffered bytes from the ring into dst; returns how many. */
export function ringRead(c: Core, ch: number, dst: Cursor, max: number): number {
  let n = 0;
  while (n < max) {
    const span = Math.min(c.fn.chanReadSpan(ch), max - n);
    if (span === 0) break;
    const k = dst.copyFrom(c.bytes(c.fn.chanReadPtr(ch), span));
    c.fn.chanConsume(ch, k);
    n += k;
    if (k < span) break;
  }
  return n;
}

/** Moves up to `max` bytes from src into the ring's free space; returns how many. */
export function ringWrite(c: Core, ch: number, src: Cursor, max: number): number {
  let n = 0;
  while (n < max) {
    const span = Math.min(c.fn.chanWriteSpan(ch), max - n);
    if (span === 0) break;
    const k = src.copyTo(c.bytes(c.fn.chanWritePtr(ch), span));
    if (k === 0) break;
    c.fn.chanProduce(ch, k);
    n += k;
  }
  return n;
}
