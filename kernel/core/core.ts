// The TypeScript face of core.wasm: one instance per thread on the shared kernel
// heap, plus views of that heap. Field offsets come from the core's exported
// constants (assembly/*.ts), so the layout is written down once.

type Ptr = number;

/** The core's exported functions (see assembly/). Pointers are byte addresses in the kernel heap. */
export interface CoreFns {
  kernelInit(): number;
  threadInit(mayBlock: number): number;
  klock(): void;
  kunlock(): void;
  kstat(field: number): number;
  mutexLock(addr: Ptr): void;
  mutexUnlock(addr: Ptr): void;
  kalloc(size: number): Ptr;
  kfree(p: Ptr): void;
  // events
  threadCreate(pid: number): Ptr;
  threadFree(t: Ptr): void;
  threadArm(t: Ptr): void;
  threadWake(t: Ptr): void;
  threadEnter(t: Ptr): number;
  threadLeave(t: Ptr): number;
  threadKill(t: Ptr, sig: number): number;
  threadKilled(t: Ptr): number;
  threadPin(t: Ptr): number;
  observerAlloc(): Ptr;
  observerFree(o: Ptr): void;
  notifierAdd(n: Ptr, o: Ptr, mask: number, kind: number, target: Ptr): void;
  notifierRemove(o: Ptr): void;
  notifierBroadcast(n: Ptr, events: number): void;
  // channels
  chanCreate(cap: number): Ptr;
  chanReadable(ch: Ptr): number;
  chanWritable(ch: Ptr): number;
  chanReadPtr(ch: Ptr): Ptr;
  chanReadSpan(ch: Ptr): number;
  chanWritePtr(ch: Ptr): Ptr;
  chanWriteSpan(ch: Ptr): number;
  chanConsume(ch: Ptr, n: number): void;
  chanProduce(ch: Ptr, n: number): void;
  chanPoll(ch: Ptr, reader: number): number;
  chanReaders(ch: Ptr): number;
  chanWriters(ch: Ptr): number;
  chanOpenEnd(ch: Ptr, reader: number): void;
  chanCloseEnd(ch: Ptr, reader: number): void;
  chanResize(ch: Ptr, cap: number): number;
  chanCapacity(ch: Ptr): number;
  // open-file descriptions
  ofdCreate(kind: number, flags: number, obj: number, aux: number): Ptr;
  ofdRef(f: Ptr): void;
  ofdUnref(f: Ptr): number;
  ofdFree(f: Ptr): void;
  ofdSetStr(f: Ptr, src: Ptr, len: number): number;
  // fd tables
  fdtCreate(limit: number): Ptr;
  fdtFree(t: Ptr): void;
  fdtInstall(t: Ptr, minfd: number, ofd: Ptr, flags: number, rights: number, inherit: number): number;
  fdtInstallAt(t: Ptr, fd: number, ofd: Ptr, flags: number, rights: number, inherit: number): number;
  fdtGet(t: Ptr, fd: number): Ptr;
  fdtField(t: Ptr, fd: number, field: number): number;
  fdtSetField(t: Ptr, fd: number, field: number, value: number): number;
  fdtRemove(t: Ptr, fd: number): Ptr;
  fdtSpan(t: Ptr): number;
  fdtCount(t: Ptr): number;
  fdtSetLimit(t: Ptr, limit: number): void;
  // memfs (kernel lock held)
  memSetNow(lo: number, hi: number): void;
  memNewInode(kind: number, mode: number): Ptr;
  memRoot(): Ptr;
  memOpen(ino: Ptr): void;
  memClose(ino: Ptr): void;
  memLookup(dir: Ptr, name: Ptr, len: number): number;
  memCreate(dir: Ptr, name: Ptr, len: number, kind: number, mode: number): number;
  memLink(dir: Ptr, name: Ptr, len: number, ino: Ptr): number;
  memUnlink(dir: Ptr, name: Ptr, len: number, rmdir: number): number;
  memRename(od: Ptr, on: Ptr, ol: number, nd: Ptr, nn: Ptr, nl: number): number;
  memReserve(ino: Ptr, end: number): Ptr;
  memTruncate(ino: Ptr, size: number): number;
  memReaddir(dir: Ptr, cookie: number): Ptr;
  memSetData(ino: Ptr, src: Ptr, len: number): number;
  // epoll
  epCreate(): Ptr;
  epFree(ep: Ptr): void;
  epFind(ep: Ptr, fd: number, ofd: Ptr): Ptr;
  epInsert(ep: Ptr, fd: number, ofd: Ptr, events: number, dataLo: number, dataHi: number, nfy: Ptr): Ptr;
  epModify(i: Ptr, events: number, dataLo: number, dataHi: number): void;
  epRemove(i: Ptr): void;
  ofdFirstEpitem(ofd: Ptr): Ptr;
  epItemAfter(ep: Ptr, prev: Ptr): Ptr;
  epReady(i: Ptr): void;
  epPop(ep: Ptr): Ptr;
  epPushFront(i: Ptr): void;
  epReadyCount(ep: Ptr): number;
  epDisable(i: Ptr): void;
  // eventfd
  efdCreate(init: number): Ptr;
  efdFree(e: Ptr): void;
  efdRead(e: Ptr, semaphore: number, out: Ptr): number;
  efdWrite(e: Ptr, src: Ptr): number;
  efdPoll(e: Ptr): number;
  efdWritable(e: Ptr, src: Ptr): number;
  // processes
  procCreate(ppid: number, fdt: Ptr): Ptr;
  procFind(pid: number): Ptr;
  procExit(p: Ptr, status: number): void;
  procReap(p: Ptr): void;
  procFree(p: Ptr): void;
  procReapOrphan(p: Ptr): number;
  procWaitChild(ppid: number, pid: number, pgid: number): number;
  procListGroup(pgid: number, out: Ptr, max: number): number;
  procKill(pid: number, sig: number): number;
}

/** Layout constants exported by the core as immutable globals. */
const CONSTANTS = [
  "HEADER", "H_BYTES", "H_BLOCKS", "H_OFDS", "H_INODES", "H_CHANNELS", "H_THREADS", "H_NPROCS", "H_OBSERVERS",
  "EV_IN", "EV_PRI", "EV_OUT", "EV_ERR", "EV_HUP", "EV_RDHUP",
  "T_WAKE", "T_STATE", "T_TID", "T_PID", "T_OBSERVER", "T_KILLSIG", "T_SCRATCH", "OBS_WAITER", "O_HITS",
  "C_NOTIFIER", "C_WLOCK", "C_RLOCK", "C_CAP",
  "F_REFS", "F_KIND", "F_FLAGS", "F_POSLOCK", "F_OFFSET", "F_OBJ", "F_AUX", "F_STR", "F_STRLEN", "F_AUX2",
  "E_FLAGS", "E_RIGHTS", "E_INHERIT", "T_LIMIT", "T_HARD",
  "I_REFS", "I_NLINK", "I_KIND", "I_MODE", "I_INO", "I_SIZE", "I_DATA", "I_ATIM", "I_MTIM", "I_CTIM", "I_RDEV",
  "K_CHARDEV", "K_DIR", "K_FILE", "K_SYMLINK",
  "D_SEQ", "D_INODE", "D_NAME", "D_NAMELEN",
  "P_PID", "P_PPID", "P_PGID", "P_STATE", "P_STATUS", "P_FDT", "P_THREADS", "P_NOTIFIER", "PROC_ZOMBIE",
  "E_OFD", "H_EPITEMS",
  "EP_NOTIFIER", "EP_OFD", "EPI_EP", "EPI_FD", "EPI_OFD", "EPI_EVENTS", "EPI_DATA", "EPI_NOTIFIER", "EPI_DISABLED", "EPI_ONEXT",
  "EPOLLET", "EPOLLONESHOT", "EPOLLEXCLUSIVE", "EFD_NOTIFIER",
] as const;
export type CoreConst = (typeof CONSTANTS)[number];

export class Core {
  readonly fn: CoreFns;
  readonly k: Record<CoreConst, number>;
  private u8v: Uint8Array;
  private i32v: Int32Array;
  private dvv: DataView;

  private constructor(
    readonly memory: WebAssembly.Memory,
    instance: WebAssembly.Instance,
  ) {
    this.fn = instance.exports as unknown as CoreFns;
    const k = {} as Record<CoreConst, number>;
    for (const name of CONSTANTS) {
      const g = instance.exports[name] as WebAssembly.Global | undefined;
      if (!g) throw new Error(`core.wasm does not export ${name}`);
      k[name] = Number(g.value);
    }
    this.k = k;
    this.u8v = new Uint8Array(memory.buffer);
    this.i32v = new Int32Array(memory.buffer);
    this.dvv = new DataView(memory.buffer);
  }

  /** Instantiates the core on the shared kernel heap for the calling thread. */
  static create(module: WebAssembly.Module, memory: WebAssembly.Memory, mayBlock: boolean): Core {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const core = new Core(memory, instance);
    core.fn.threadInit(mayBlock ? 1 : 0);
    return core;
  }

  /** Creates a new kernel heap (shared memory) for a new kernel. */
  static newHeap(): WebAssembly.Memory {
    return new WebAssembly.Memory({ initial: 4, maximum: 16384, shared: true });
  }

  // The heap grows (kalloc may call memory.grow from any thread); views taken
  // before that stop short of the new end, so refresh them when an address is past it.
  private refresh(): void {
    const buf = this.memory.buffer;
    this.u8v = new Uint8Array(buf);
    this.i32v = new Int32Array(buf);
    this.dvv = new DataView(buf);
  }
  u8(end = 0): Uint8Array {
    if (end > this.u8v.length) this.refresh();
    return this.u8v;
  }
  i32(end = 0): Int32Array {
    if (end * 4 > this.u8v.length) this.refresh();
    return this.i32v;
  }
  dv(end = 0): DataView {
    if (end > this.u8v.length) this.refresh();
    return this.dvv;
  }

  load32(addr: number): number {
    return this.dv(addr + 4).getUint32(addr, true);
  }
  store32(addr: number, v: number): void {
    this.dv(addr + 4).setUint32(addr, v, true);
  }
  load64(addr: number): bigint {
    return this.dv(addr + 8).getBigUint64(addr, true);
  }
  store64(addr: number, v: bigint): void {
    this.dv(addr + 8).setBigUint64(addr, v, true);
  }
  bytes(addr: number, len: number): Uint8Array {
    return this.u8(addr + len).subarray(addr, addr + len);
  }
}
