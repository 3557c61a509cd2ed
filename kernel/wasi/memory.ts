// Access to a guest's linear memory. The guest's memory.buffer is replaced when
// the guest grows its memory, so views are re-taken whenever the buffer changed
// (DESIGN.md pitfall). An out-of-bounds pointer surfaces as EFAULT.

import { E, fail } from "../errno.js";

const dec = new TextDecoder("utf-8", { fatal: true });
const enc = new TextEncoder();

export class GuestMemory {
  private dv = new DataView(new ArrayBuffer(0));
  private u8v = new Uint8Array(0);

  constructor(private memory: WebAssembly.Memory | undefined = undefined) {}

  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
    this.u8v = new Uint8Array(0);
  }

  /**
   * Checks [ptr, ptr+len) is in guest memory; returns ptr as unsigned. The views
   * are re-taken only when the range is past their end: a grown memory detaches
   * the old buffer (views of it have length 0), and a shared one only gets longer.
   * Callers read this.dv and this.u8v after calling it, never before.
   */
  private at(ptr: number, len: number): number {
    ptr >>>= 0;
    const end = ptr + (len >>> 0);
    if (end > this.u8v.length) {
      if (!this.memory) fail(E.FAULT);
      const b = this.memory.buffer;
      this.dv = new DataView(b);
      this.u8v = new Uint8Array(b);
      if (end > this.u8v.length) fail(E.FAULT);
    }
    return ptr;
  }

  view(): DataView {
    if (!this.memory) fail(E.FAULT);
    this.at(0, this.memory.buffer.byteLength);
    return this.dv;
  }

  /** A live view of [ptr, ptr+len) in guest memory. */
  bytes(ptr: number, len: number): Uint8Array {
    const p = this.at(ptr, len);
    return this.u8v.subarray(p, p + (len >>> 0));
  }

  u8(ptr: number): number {
    const p = this.at(ptr, 1);
    return this.u8v[p]!;
  }
  u16(ptr: number): number {
    const p = this.at(ptr, 2);
    return this.dv.getUint16(p, true);
  }
  u32(ptr: number): number {
    const p = this.at(ptr, 4);
    return this.dv.getUint32(p, true);
  }
  u64(ptr: number): bigint {
    const p = this.at(ptr, 8);
    return this.dv.getBigUint64(p, true);
  }
  setU8(ptr: number, v: number): void {
    const p = this.at(ptr, 1);
    this.u8v[p] = v;
  }
  setU16(ptr: number, v: number): void {
    const p = this.at(ptr, 2);
    this.dv.setUint16(p, v, true);
  }
  setU32(ptr: number, v: number): void {
    const p = this.at(ptr, 4);
    this.dv.setUint32(p, v, true);
  }
  /** setBigUint64 takes v modulo 2^64 (ToBigUint64), so negative values wrap as before. */
  setU64(ptr: number, v: bigint): void {
    const p = this.at(ptr, 8);
    this.dv.setBigUint64(p, v, true);
  }

  /** A path or other string argument; EILSEQ when it is not UTF-8. */
  string(ptr: number, len: number): string {
    const b = this.bytes(ptr, len);
    try {
      return dec.decode(b.slice());
    } catch {
      return fail(E.ILSEQ);
    }
  }

  /** Writes a string with a size limit; returns bytes written. */
  writeString(ptr: number, s: string | Uint8Array, max: number): number {
    const b = typeof s === "string" ? enc.encode(s) : s;
    const n = Math.min(b.length, max);
    this.bytes(ptr, n).set(b.subarray(0, n));
    return n;
  }

  /** Decodes an iovec/ciovec array into live views of the buffers. */
  iovecs(ptr: number, count: number): Uint8Array[] {
    if (count >>> 0 > 1024) fail(E.INVAL); // IOV_MAX
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const base = this.u32(ptr + i * 8);
      const len = this.u32(ptr + i * 8 + 4);
      out.push(this.bytes(base, len));
    }
    return out;
  }
}
