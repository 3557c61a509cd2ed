// The host side of a kernel: owns the kernel heap, builds the in-memory root and
// the mount table, and starts guest processes in workers. This is what the
// library API (index.ts) and the CLI are built on.

import coreWasm from "../build/out/core.wasm";
import { Core } from "./core/core.js";
import { E, SysError, errnoName } from "./errno.js";
import { Kind, ACC_READ, ACC_WRITE } from "./fs/file.js";
import { readWholeFile } from "./fs/read.js";
import { DEVICES, Dev } from "./fs/kinds/device.js";
import { MEMFS_ID } from "./fs/memfs.js";
import { HostChannelEnd } from "./host/pump.js";
import { Logger, type LogLevel } from "./log.js";
import { attach, type KernelHandle, type MountSpec } from "./process/boot.js";
import { finishProcess, signaledStatus, statusToCode, SIGKILL } from "./process/guest.js";
import { Task } from "./process/task.js";
import type { HostInput, Platform, WorkerHandle, WorkerInit } from "./platform.js";
import { R, RIGHTS_ALL, RIGHTS_DIR, RIGHTS_STREAM } from "./wasi/constants.js";

/** A tree of in-memory files: strings or bytes are files, objects are directories. */
export interface FileTree {
  [name: string]: string | Uint8Array | FileTree;
}

export interface KernelOptions {
  /** Host directories to mount: guest path -> host path (wasmtime's --dir HOST::GUEST). */
  mounts?: Array<{ guest: string; host: string; readonly?: boolean }>;
  /** In-memory files and directories to create, by absolute guest path. */
  files?: FileTree;
  log?: LogLevel;
  /** Where log lines go (default: the host's log sink, stderr in Node). */
  logSink?: (line: string) => void;
}

/** What a guest's standard stream is connected to. */
export type StdioOption =
  | "inherit" // the host process's own stream
  | "pipe" // a stream on the Process object (stdin: WritableStream; stdout/stderr: ReadableStream)
  | "null" // /dev/null
  | string // stdin only: these bytes, then end of file
  | Uint8Array
  | ((chunk: Uint8Array) => void); // stdout/stderr only: called with each chunk

export interface SpawnOptions {
  /** argv, including argv[0] (default: the module's name). */
  args?: string[];
  /** Environment, as an object or "K=V" strings. */
  env?: Record<string, string> | string[];
  stdin?: StdioOption;
  stdout?: StdioOption;
  stderr?: StdioOption;
  /** Guest paths to preopen, from fd 3 on (default: every mount, then "/"). */
  preopens?: string[];
}

export interface ExitStatus {
  /** The shell's exit code: the guest's exit status, or 128 + the signal that killed it. */
  code: number;
  /** The signal that killed it, if one did. */
  signal?: number;
}

/** A running guest process. */
export class Process {
  stdin?: WritableStream<Uint8Array>;
  stdout?: ReadableStream<Uint8Array>;
  stderr?: ReadableStream<Uint8Array>;
  readonly exited: Promise<ExitStatus>;
  /** @internal */
  _kill: (sig: number) => void = () => {};

  /** @internal */
  constructor(readonly pid: number, exited: Promise<ExitStatus>) {
    this.exited = exited;
  }

  /** Sends a signal; only termination (SIGKILL, SIGTERM, ...) is delivered for now. */
  kill(signal = 15): void {
    this._kill(signal);
  }
}

const enc = new TextEncoder();

export class Kernel {
  readonly core: Core;
  readonly handle: KernelHandle;
  readonly log: Logger;
  /** The host thread's own task (pid 0): used to build the namespace and set up processes. */
  private readonly task: Task;
  private readonly running = new Set<Process>();
  /** Workers by pid, for kill requests. */
  private readonly workers = new Map<number, WorkerHandle>();

  private constructor(readonly platform: Platform, opts: KernelOptions, coreModule: WebAssembly.Module) {
    const heap = Core.newHeap();
    this.core = Core.create(coreModule, heap, platform.mayBlock);
    if (!this.core.fn.kernelInit()) throw new Error("kernel heap could not be initialised");
    const level = opts.log ?? "warn";
    const host = opts.logSink ? { ...platform.host, log: opts.logSink } : platform.host;
    this.log = new Logger(level, (l) => host.log(l));
    const mounts: MountSpec[] = (opts.mounts ?? []).map((m) => ({
      guestPath: normalizeGuest(m.guest),
      displayName: m.guest,
      hostPath: m.host,
      readonly: m.readonly,
    }));
    this.handle = { heap, coreModule, mounts, logLevel: level };
    // Mount points, /dev and /tmp must exist before any thread attaches.
    const bootFdt = this.core.fn.fdtCreate(1024);
    const scratchTask = attach({ ...this.handle, mounts: [] }, host, { pid: 0, proc: 0, thread: 0, fdt: bootFdt }, platform.mayBlock);
    this.buildRoot(scratchTask, mounts, opts.files ?? {});
    scratchTask.dispose();
    this.task = attach(this.handle, host, { pid: 0, proc: 0, thread: 0, fdt: bootFdt }, platform.mayBlock);
  }

  static async create(platform: Platform, opts: KernelOptions = {}): Promise<Kernel> {
    const coreModule = await WebAssembly.compile(coreWasm);
    return new Kernel(platform, opts, coreModule);
  }

  /** Synchronous creation, where the platform allows compiling on this thread (Node). */
  static createSync(platform: Platform, opts: KernelOptions = {}): Kernel {
    return new Kernel(platform, opts, new WebAssembly.Module(coreWasm));
  }

  private buildRoot(t: Task, mounts: MountSpec[], files: FileTree): void {
    const vfs = t.vfs;
    const c = t.core; // the instance vfs.locked tells the time (memfs timestamps)
    vfs.locked(t, () => {
      const root = vfs.root;
      const mkdirp = (path: string) => {
        let dir = root;
        for (const part of path.split("/").filter(Boolean)) {
          const existing = vfs.tryChild(t, dir, part);
          if (!existing) dir.fs.mkdir(t, dir.node, part);
          dir = vfs.resolve(t, dir, part, true);
        }
        return dir;
      };
      mkdirp("/tmp");
      const dev = mkdirp("/dev");
      for (const [name, num] of DEVICES) {
        const len = t.scratchString(name);
        const ino = c.fn.memCreate(dev.node as number, t.scratch, len, c.k.K_CHARDEV, 0o666);
        if (ino < 0) throw new SysError(-ino);
        c.store32(ino + c.k.I_RDEV, num);
      }
      for (const m of mounts) mkdirp(m.guestPath);
      const write = (dir: typeof root, tree: FileTree) => {
        for (const [name, value] of Object.entries(tree)) {
          if (typeof value === "string" || value instanceof Uint8Array) {
            const ino = dir.fs.createFile(t, dir.node, name) as number;
            const bytes = typeof value === "string" ? enc.encode(value) : value;
            const data = c.fn.memReserve(ino, bytes.length);
            if (bytes.length > 0 && data === 0) throw new SysError(E.NOSPC);
            if (bytes.length > 0) c.bytes(data, bytes.length).set(bytes);
          } else {
            if (!vfs.tryChild(t, dir, name)) dir.fs.mkdir(t, dir.node, name);
            write(vfs.resolve(t, dir, name, true), value);
          }
        }
      };
      for (const [path, value] of Object.entries(files)) {
        if (typeof value === "string" || value instanceof Uint8Array) {
          const parts = path.split("/").filter(Boolean);
          const name = parts.pop()!;
          write(mkdirp(parts.join("/")), { [name]: value });
        } else {
          write(mkdirp(path), value);
        }
      }
    });
  }

  get vfs() {
    return this.task.vfs;
  }

  /** Live kernel objects, for leak checks: heap bytes, descriptions, inodes, channels, ... */
  stats(): Record<string, number> {
    const c = this.core;
    return {
      heapBytes: c.fn.kstat(c.k.H_BYTES),
      heapBlocks: c.fn.kstat(c.k.H_BLOCKS),
      openFiles: c.fn.kstat(c.k.H_OFDS),
      inodes: c.fn.kstat(c.k.H_INODES),
      channels: c.fn.kstat(c.k.H_CHANNELS),
      threads: c.fn.kstat(c.k.H_THREADS),
      processes: c.fn.kstat(c.k.H_NPROCS),
      observers: c.fn.kstat(c.k.H_OBSERVERS),
      running: this.running.size,
    };
  }

  /** Compiles a module from bytes (or returns a compiled one). */
  static async compile(module: Uint8Array | ArrayBuffer | WebAssembly.Module): Promise<WebAssembly.Module> {
    if (module instanceof WebAssembly.Module) return module;
    return WebAssembly.compile(module instanceof Uint8Array ? new Uint8Array(module) : module);
  }

  /** Starts a guest process. The module must be compiled (Kernel.compile) or bytes. */
  async spawn(module: Uint8Array | ArrayBuffer | WebAssembly.Module, opts: SpawnOptions = {}): Promise<Process> {
    const compiled = await Kernel.compile(module);
    return this.start(compiled, opts);
  }

  /**
   * Creates a process's kernel records: fd table with stdio and preopens, process
   * and thread records. Used by spawn (the guest then runs in a worker) and by the
   * node:wasi-compatible class (the guest runs on the caller's thread).
   */
  prepare(opts: SpawnOptions, hostStdio?: [number, number, number]): PreparedProcess {
    const c = this.core;
    const fdt = c.fn.fdtCreate(1024);
    const proc = fdt === 0 ? 0 : c.fn.procCreate(0, fdt);
    if (proc === 0) throw new Error("kernel heap exhausted");
    const pid = c.load32(proc + c.k.P_PID);
    const thread = c.fn.threadCreate(pid);
    if (thread === 0) throw new Error("kernel heap exhausted");
    c.store32(proc + c.k.P_THREADS, thread);
    const t = attachedTask(this, pid, proc, thread, fdt);
    const prepared: PreparedProcess = { pid, proc, thread, fdt, task: t, preopens: [], cleanups: [], streams: {}, drains: [] };
    (["stdin", "stdout", "stderr"] as const).forEach((name, fd) => {
      const ofd = hostStdio
        ? this.makeOfd(Kind.HOSTSTREAM, fd === 0 ? ACC_READ : ACC_WRITE, hostStdio[fd]!)
        : this.stdio(t, fd, opts[name] ?? "inherit", prepared);
      if (c.fn.fdtInstallAt(fdt, fd, ofd, 0, RIGHTS_STREAM, 0) !== 0) throw new Error("stdio fd already in use");
    });
    const wanted = opts.preopens ?? [...new Set([...this.handle.mounts.map((m) => m.guestPath), "/"])];
    for (const guest of wanted) {
      const v = t.vfs.locked(t, () => {
        const rel = guest.replace(/^\/+/, "");
        const node = rel === "" ? t.vfs.root : t.vfs.resolve(t, t.vfs.root, rel, true);
        return node.fs.open(t, node.node, { read: true, write: false, fdflags: 0 });
      });
      const fd = t.install(v, RIGHTS_DIR | R.FD_READ, RIGHTS_ALL);
      prepared.preopens.push([fd, this.preopenName(guest)]);
    }
    return prepared;
  }

  private start(module: WebAssembly.Module, opts: SpawnOptions): Process {
    const c = this.core;
    const pp = this.prepare(opts);
    const { pid, proc, thread, fdt } = pp;
    pp.task.dispose();
    const env = envList(opts.env);
    const args = opts.args ?? ["guest.wasm"];
    this.log.info(`process ${pid} started: ${args.join(" ")}`);

    let resolveExit!: (s: ExitStatus) => void;
    const exited = new Promise<ExitStatus>((r) => (resolveExit = r));
    const p = new Process(pid, exited);
    Object.assign(p, pp.streams);
    this.running.add(p);

    const finish = (status: number) => {
      for (const f of pp.cleanups) f();
      this.running.delete(p);
      const code = statusToCode(status);
      const sig = status & 0x7f;
      this.log.info(`process ${pid} exited: ${sig ? `signal ${sig}` : `status ${code}`}`);
      void Promise.all(pp.drains).then(() => resolveExit(sig ? { code, signal: sig } : { code }));
    };

    const worker = this.launch({ handle: this.handle, ids: { pid, proc, thread, fdt }, module, spec: { args, env, preopens: pp.preopens } }, finish);
    p._kill = (sig) => {
      if (this.running.has(p) && c.fn.threadKill(thread, sig)) worker.terminate();
    };
    return p;
  }

  /**
   * Starts a process's worker and looks after it: serves its requests (children to
   * start, workers to terminate), releases the process if the worker dies without
   * doing so (killed in guest code), and reaps it if its parent is init (the host).
   */
  private launch(init: WorkerInit, onStatus?: (status: number) => void): WorkerHandle {
    const c = this.core;
    const { pid, proc, thread, fdt } = init.ids;
    const worker = this.platform.startWorker(init);
    this.workers.set(pid, worker);
    worker.onRequest((req) => {
      if (req.type === "start") this.launch(req.init);
      else this.workers.get(req.pid)?.terminate();
    });
    worker.onExit((reported, error) => {
      this.workers.delete(pid);
      let status = reported;
      if (status === undefined) {
        if (error) this.log.error(`process ${pid}: worker failed: ${error}`);
        status = signaledStatus(c.load32(thread + c.k.T_KILLSIG) || SIGKILL);
        finishProcess(attachedTask(this, pid, proc, thread, fdt), status);
      }
      onStatus?.(status);
      c.fn.procReapOrphan(proc);
    });
    return worker;
  }

  /** The name fd_prestat_dir_name reports: the guest path as the user wrote it. */
  private preopenName(guest: string): string {
    const m = this.handle.mounts.find((x) => x.guestPath === normalizeGuest(guest));
    return m?.displayName ?? guest;
  }

  /** Builds the description for one standard stream. */
  private makeOfd(kind: number, flags: number, obj: number): number {
    const f = this.core.fn.ofdCreate(kind, flags, obj, MEMFS_ID);
    if (f === 0) throw new SysError(E.NOMEM);
    return f;
  }

  private stdio(t: Task, fd: number, opt: StdioOption, pp: PreparedProcess): number {
    const c = this.core;
    const reading = fd === 0;
    const { cleanups, streams, drains } = pp;
    const make = (kind: number, flags: number, obj: number) => this.makeOfd(kind, flags, obj);
    const valid = reading
      ? opt === "inherit" || opt === "pipe" || opt === "null" || typeof opt === "string" || opt instanceof Uint8Array
      : opt === "inherit" || opt === "pipe" || opt === "null" || typeof opt === "function";
    if (!valid) {
      throw new TypeError(reading ? "stdin must be 'inherit', 'pipe', 'null', a string or bytes" : `${fd === 1 ? "stdout" : "stderr"} must be 'inherit', 'pipe', 'null' or a function`);
    }
    if (opt === "null") return make(Kind.DEVICE, ACC_READ | ACC_WRITE, Dev.NULL);
    if (opt === "inherit" && reading) return this.sharedStdin(pp);
    if (opt === "inherit" && !reading) {
      const hostFd = fd === 1 ? this.platform.stdoutFd : this.platform.stderrFd;
      if (hostFd !== undefined) return make(Kind.HOSTSTREAM, ACC_WRITE, hostFd);
    }
    const ch = c.fn.chanCreate(65536);
    if (ch === 0) throw new SysError(E.NOMEM);
    // The guest gets one end (its description holds the channel's first reference
    // of that side); the host keeps the other end in a HostChannelEnd.
    const guestEnd = make(reading ? Kind.PIPE_READ : Kind.PIPE_WRITE, reading ? ACC_READ : ACC_WRITE, ch);
    const hostEnd = new HostChannelEnd(c, ch, !reading);
    if (reading) {
      if (opt === "pipe") {
        streams.stdin = new WritableStream<Uint8Array>({
          write: async (chunk) => {
            if (!(await hostEnd.write(chunk))) throw new Error(`stdin of process ${t.pid} is closed (${errnoName(E.PIPE)})`);
          },
          close: () => hostEnd.close(),
          abort: () => hostEnd.close(),
        });
        // Once the process is gone and nobody else reads its stdin, the host's end serves
        // nothing: release it (and the channel) even if the caller never closes the stream.
        cleanups.push(() => {
          if (!hostEnd.peerOpen()) hostEnd.close();
        });
      } else if (typeof opt === "string" || opt instanceof Uint8Array) {
        const bytes = typeof opt === "string" ? enc.encode(opt) : opt;
        void hostEnd.write(bytes).finally(() => hostEnd.close());
      } else {
        hostEnd.close();
        throw new Error("stdin must be 'inherit', 'pipe', 'null', a string or bytes");
      }
      return guestEnd;
    }
    const name = fd === 1 ? "stdout" : "stderr";
    if (opt === "pipe") {
      streams[name] = new ReadableStream<Uint8Array>({
        pull: async (ctl) => {
          const chunk = await hostEnd.read();
          if (chunk) ctl.enqueue(chunk);
          else {
            hostEnd.close();
            ctl.close();
          }
        },
        cancel: () => hostEnd.close(),
      });
    } else if (typeof opt === "function" || opt === "inherit") {
      const sink = typeof opt === "function" ? opt : (b: Uint8Array) => this.platform.host.writeStream(fd, b);
      drains.push(
        (async () => {
          for (let chunk = await hostEnd.read(); chunk; chunk = await hostEnd.read()) sink(chunk);
          hostEnd.close();
        })(),
      );
    } else {
      hostEnd.close();
      throw new Error(`${name} must be 'inherit', 'pipe', 'null' or a function`);
    }
    return guestEnd;
  }

  /** Reads a whole file of the namespace (e.g. a program in /bin); throws SysError. */
  readFile(path: string): Uint8Array<ArrayBuffer> {
    return readWholeFile(this.task, path).bytes;
  }

  /**
   * The host's stdin, shared by every process started with stdin "inherit", like a
   * terminal: one channel fed by one reader of the host stream, so input a guest did
   * not read is there for the next one. The kernel keeps a read end of its own, so
   * the pump never writes to a channel nobody holds; the host stream is read only
   * while a process using it is running.
   */
  private stdinPump?: { channel: number; users: number; input?: HostInput };

  private sharedStdin(pp: PreparedProcess): number {
    const c = this.core;
    if (!this.stdinPump) {
      const ch = c.fn.chanCreate(65536);
      if (ch === 0) throw new SysError(E.NOMEM);
      const hostEnd = new HostChannelEnd(c, ch, false);
      const input = this.platform.hostStdin?.();
      this.stdinPump = { channel: ch, users: 0, input };
      if (!input) hostEnd.close();
      else {
        input.start(
          async (chunk) => {
            await hostEnd.write(chunk);
          },
          () => hostEnd.close(),
        );
      }
    }
    const pump = this.stdinPump;
    c.fn.chanOpenEnd(pump.channel, 1);
    const f = this.makeOfd(Kind.PIPE_READ, ACC_READ, pump.channel);
    if (++pump.users === 1) pump.input?.resume();
    pp.cleanups.push(() => {
      if (--pump.users === 0) pump.input?.pause();
    });
    return f;
  }

  /** Waits for every running process to end. */
  async wait(): Promise<void> {
    await Promise.all([...this.running].map((p) => p.exited));
  }
}

/** A process's kernel records, before its guest starts. */
export interface PreparedProcess {
  pid: number;
  proc: number;
  thread: number;
  fdt: number;
  /** A task for the process on the host thread (dispose it when done with it). */
  task: Task;
  preopens: Array<[number, string]>;
  cleanups: Array<() => void>;
  streams: Partial<Record<"stdin" | "stdout" | "stderr", ReadableStream<Uint8Array> | WritableStream<Uint8Array>>>;
  drains: Promise<void>[];
}

export function envList(env: Record<string, string> | string[] | undefined): string[] {
  return Array.isArray(env) ? env : Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`);
}

/** A task on the host thread acting for a guest process (set-up, clean-up after a kill). */
function attachedTask(k: Kernel, pid: number, proc: number, thread: number, fdt: number): Task {
  return new Task(k.core, k.platform.host, k.vfs, k.log, pid, proc, thread, fdt);
}

/** "/data/" -> "/data"; "fs-tests.dir" -> "/fs-tests.dir"; "/a/../b" -> "/b". */
export function normalizeGuest(p: string): string {
  const parts: string[] = [];
  for (const x of p.split("/")) {
    if (x === "..") parts.pop();
    else if (x && x !== ".") parts.push(x);
  }
  return "/" + parts.join("/");
}
