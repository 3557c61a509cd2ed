// A drop-in for node:wasi's WASI class, for people migrating from it:
//
//   const wasi = new WASI({ version: "preview1", args, env, preopens: { "/sandbox": "./dir" } });
//   const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
//   const code = wasi.start(instance);
//
// Like node:wasi, the guest runs on the calling thread, synchronously. Behind it is
// a whole single-process Cove kernel, so the guest gets Cove's preview1 semantics
// (symlinks, rights, errnos, ns timestamps) rather than uvwasi's.

import { Kernel, envList } from "../kernel.js";
import { nodePlatform } from "../host/node/platform.js";
import { finishProcess, runGuestInstance, statusToCode } from "../process/guest.js";
import { GuestMemory } from "../wasi/memory.js";
import { preview1Imports } from "../wasi/preview1.js";
import type { Sys } from "../wasi/sys.js";
import type { LogLevel } from "../log.js";

export interface WASIOptions {
  version: "preview1" | "unstable";
  args?: string[];
  env?: Record<string, string>;
  /** Guest path -> host path. */
  preopens?: Record<string, string>;
  /** Return the exit code from start() (default true) instead of exiting the Node process. */
  returnOnExit?: boolean;
  stdin?: number;
  stdout?: number;
  stderr?: number;
  log?: LogLevel;
}

export class WASI {
  readonly wasiImport: Record<string, (...args: never[]) => number>;
  private readonly sys: Sys;
  private readonly kernel: Kernel;
  private started = false;

  constructor(private readonly opts: WASIOptions) {
    if (opts?.version !== "preview1" && opts?.version !== "unstable") {
      throw new TypeError('WASI: options.version must be "preview1"');
    }
    const mounts = Object.entries(opts.preopens ?? {}).map(([guest, host]) => ({ guest, host }));
    this.kernel = Kernel.createSync(nodePlatform(), { mounts, log: opts.log ?? "warn" });
    const pp = this.kernel.prepare({ preopens: mounts.map((m) => m.guest) }, [opts.stdin ?? 0, opts.stdout ?? 1, opts.stderr ?? 2]);
    this.sys = { t: pp.task, m: new GuestMemory(), args: opts.args ?? [], env: envList(opts.env), preopens: new Map(pp.preopens) };
    this.wasiImport = preview1Imports(this.sys);
  }

  getImportObject(): { wasi_snapshot_preview1: Record<string, (...args: never[]) => number> } {
    return { wasi_snapshot_preview1: this.wasiImport };
  }

  /** Runs the instance's _start; returns its exit code (or exits the process if returnOnExit is false). */
  start(instance: WebAssembly.Instance): number {
    if (this.started) throw new Error("WASI: start() was already called");
    this.started = true;
    const status = runGuestInstance(this.sys, instance, (line) => this.kernel.platform.host.log(line));
    finishProcess(this.sys.t, status);
    this.kernel.core.fn.procReapOrphan(this.sys.t.proc); // the caller is its parent, and reaps it here
    const code = statusToCode(status);
    if (this.opts.returnOnExit === false) process.exit(code);
    return code;
  }

  /** For reactors: runs _initialize if present. */
  initialize(instance: WebAssembly.Instance): void {
    const memory = instance.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new TypeError("WASI: instance exports no memory");
    this.sys.m.attach(memory);
    this.sys.t.core.fn.threadLeave(this.sys.t.thread);
    (instance.exports._initialize as (() => void) | undefined)?.();
  }
}
