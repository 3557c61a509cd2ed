// What the kernel needs from its host (Node or a browser page). The kernel is
// written against these interfaces only, so it carries no Node import and bundles
// for the browser unchanged. kernel/host/node and kernel/host/browser implement them.

/** The subset of Node's synchronous `fs` the host-directory file system uses. */
export interface HostFsApi {
  openSync(path: string, flags: number, mode?: number): number;
  closeSync(fd: number): void;
  readSync(fd: number, buf: Uint8Array, off: number, len: number, pos: number | bigint | null): number;
  writeSync(fd: number, buf: Uint8Array, off: number, len: number, pos?: number | bigint | null): number;
  fstatSync(fd: number, opts: { bigint: true }): HostStats;
  lstatSync(path: string, opts: { bigint: true; throwIfNoEntry?: boolean }): HostStats | undefined;
  readlinkSync(path: string, opts: { encoding: "buffer" }): Uint8Array;
  readdirSync(path: string, opts: { withFileTypes: true; encoding: "buffer" }): HostDirent[];
  mkdirSync(path: string, mode?: number): void;
  rmdirSync(path: string): void;
  unlinkSync(path: string): void;
  renameSync(from: string, to: string): void;
  linkSync(from: string, to: string): void;
  symlinkSync(target: string | Uint8Array, path: string): void;
  ftruncateSync(fd: number, len: number): void;
  truncateSync(path: string, len: number): void;
  futimesSync(fd: number, atime: number, mtime: number): void;
  lutimesSync(path: string, atime: number, mtime: number): void;
  fsyncSync(fd: number): void;
  fdatasyncSync(fd: number): void;
  constants: Record<string, number>;
}

export interface HostStats {
  dev: bigint;
  ino: bigint;
  mode: bigint;
  nlink: bigint;
  size: bigint;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}

export interface HostDirent {
  name: Uint8Array | string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export interface HostApi {
  /** Host file systems (absent in a browser page without OPFS). */
  readonly fs?: HostFsApi;
  /** Writes to a host stream (the process's real stdout/stderr); returns bytes written. */
  writeStream(hostFd: number, data: Uint8Array): number;
  isatty(hostFd: number): boolean;
  realtimeNs(): bigint;
  monotonicNs(): bigint;
  /** CPU time of the calling thread, ns (falls back to monotonic time where unknown). */
  cpuTimeNs(): bigint;
  randomFill(buf: Uint8Array): void;
  /** Writes one log line. */
  log(line: string): void;
}
