// Access to a guest's linear memory. The guest's memory.buffer is replaced when
// the guest grows its memory, so views are re-taken whenever the buffer changed
// (DESIGN.md pitfall). An out-of-bounds pointer surfaces as EFAULT.

import { E, fail } from "../errno.js";

const dec = new TextDecoder("utf-8", { fatal: true });
const enc = new TextEncoder();

export class GuestMemory {
  private buf: ArrayBufferLike | undefined;
  private dv!: DataView;
  private u8v!: Uint8Array;

  constructor(private memory: WebAssembly.Memory | undefined = undefined) {}

  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
    this.buf = undefined;
  }

  private sync(): void {
    if (!this.memory) fail(E.FAULT);
    const b = this.memory.buffer;
    if (b !== this.buf || b.byteLength !== this.u8v.length) {
      this.buf = b;
      this.dv = new DataView(b);
      this.u8v = new Uint8Array(b);
    }
  }

  view(): DataView {
    this.sync();
    return this.dv;
  }

  /** A live view of [ptr, ptr+len) in guest memory. */
  bytes(ptr: number, len: number): Uint8Array {
    this.sync();
    ptr >>>= 0;
    len >>>= 0;
    if (ptr + len > this.u8v.length) fail(E.FAULT);
    return this.u8v.subarray(ptr, ptr + len);
  }

  u8(ptr: number): number {
    return this.bytes(ptr, 1)[0]!;
  }
  u16(ptr: number): number {
    this.bytes(ptr, 2);
    return this.dv.getUint16(ptr >>> 0, true);
  }
  u32(ptr: number): number {
    this.bytes(ptr, 4);
    return this.dv.getUint32(ptr >>> 0, true);
  }
  u64(ptr: number): bigint {
    this.bytes(ptr, 8);
    return this.dv.getBigUint64(ptr >>> 0, true);
  }
  setU8(ptr: number, v: number): void {
    this.bytes(ptr, 1)[0] = v;
  }
  setU16(ptr: number, v: number): void {
    this.bytes(ptr, 2);
    this.dv.setUint16(ptr >>> 0, v, true);
  }
  setU32(ptr: number, v: number): void {
    this.bytes(ptr, 4);
    this.dv.setUint32(ptr >>> 0, v, true);
  }
  setU64(ptr: number, v: bigint): void {
    this.bytes(ptr, 8);
    this.dv.setBigUint64(ptr >>> 0, BigInt.asUintN(64, v), true);
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
