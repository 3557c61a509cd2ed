// Fixed layout of the kernel heap (the shared WebAssembly.Memory).
//
// Every thread instantiates core.wasm against the same shared memory, but wasm
// globals are per instance. So all shared kernel state lives at explicit addresses:
// the kernel header at HEADER, and objects allocated from the heap that follows it.
// The TypeScript side mirrors these offsets in kernel/core/layout.ts; change both.
//
//   0 .. HEADER          AssemblyScript static data (read-only; re-applied on every
//                        instantiation, so it must never be written)
//   HEADER .. HEAP_START kernel header (locks, allocator state, counters, roots)
//   HEAP_START ..        objects from kalloc (see alloc.ts)

export const HEADER: usize = 65536;
export const HEAP_START: usize = 131072;
export const KERNEL_MAGIC: u32 = 0x45564f43; // "COVE"

// Kernel header fields (byte offsets from HEADER).
export const H_MAGIC: usize = 0;
export const H_KLOCK: usize = 4; // the kernel lock: memfs and path walks
export const H_ALOCK: usize = 8; // allocator lock (innermost)
export const H_BUMP: usize = 16; // next never-used heap address
export const H_BYTES: usize = 20; // bytes held by live blocks (incl. headers)
export const H_BLOCKS: usize = 24; // live blocks
export const H_FREE: usize = 32; // free-list heads, one u32 per size class (32 classes)
export const H_NEXT_INO: usize = 160; // u64
export const H_ROOT: usize = 168; // memfs root inode
export const H_NEXT_PID: usize = 172;
export const H_NEXT_TID: usize = 176;
export const H_OFDS: usize = 180; // live open-file descriptions
export const H_INODES: usize = 184; // live memfs inodes
export const H_CHANNELS: usize = 188; // live channels
export const H_THREADS: usize = 192; // live thread records
export const H_PROCS: usize = 196; // process list head
export const H_PLOCK: usize = 200; // process table lock
export const H_NPROCS: usize = 204; // live process records
export const H_OBSERVERS: usize = 208; // live observer nodes from kalloc
export const H_ELOCK: usize = 212; // guards the epoll item lists of descriptions
export const H_EPITEMS: usize = 216; // live epoll items; +4: live epoll instances
