// Runs a guest module as a process on the calling thread (a worker, or the
// caller's own thread for the node:wasi-compatible class): instantiate it with
// Cove's imports, run _start, and turn every way it can end into a wait status.

import { E } from "../errno.js";
import { GuestMemory } from "../wasi/memory.js";
import { preview1Imports } from "../wasi/preview1.js";
import { COVE, coveImports } from "../cove/index.js";
import { ProcExit, type Sys } from "../wasi/sys.js";
import { ThreadExit, type Task } from "./task.js";
import { ProcExec, type Runtime } from "./runtime.js";

/** Linux wait-status encoding. */
export const exitedStatus = (code: number): number => (code & 0xff) << 8;
export const signaledStatus = (sig: number): number => sig & 0x7f;
export const SIGABRT = 6;
export const SIGKILL = 9;

/** The shell's view of a wait status: the exit code, or 128 + the signal. */
export function statusToCode(status: number): number {
  const sig = status & 0x7f;
  return sig !== 0 ? 128 + sig : (status >> 8) & 0xff;
}

export interface GuestSpec {
  args: string[];
  env: string[];
  preopens: Array<[fd: number, name: string]>;
}

/** Thrown for a module that cannot run (not WASI, missing imports): one line for the user. */
export class ModuleError extends Error {}

/** Checks a module is a WASI command Cove can link, before starting it. */
export function checkModule(module: WebAssembly.Module): void {
  const exports = WebAssembly.Module.exports(module);
  if (!exports.some((e) => e.name === "_start" && e.kind === "function")) {
    throw new ModuleError("not a WASI command module (it exports no _start function)");
  }
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === "wasi_snapshot_preview1") continue;
    if (imp.module === "wasi" && imp.name === "thread-spawn") continue;
    if (imp.module === "cove" && imp.name in COVE) continue;
    if (imp.module === "env" && imp.name === "memory" && imp.kind === "memory") continue;
    throw new ModuleError(`imports ${imp.module}.${imp.name}, which Cove does not provide`);
  }
}

export function buildImports(sys: Sys, module: WebAssembly.Module): WebAssembly.Imports {
  const imports: WebAssembly.Imports = { wasi_snapshot_preview1: preview1Imports(sys), cove: coveImports(sys) };
  if (WebAssembly.Module.imports(module).some((i) => i.module === "wasi")) {
    // wasi-threads is missing (README): thread-spawn returns a negative errno, ENOSYS.
    imports.wasi = { "thread-spawn": () => -E.NOSYS };
  }
  return imports;
}

/** Runs the guest to completion (through any execs); returns its wait status. Never throws for guest behaviour. */
export function runGuest(t: Task, module: WebAssembly.Module, spec: GuestSpec, onTrap: (line: string) => void, rt?: Runtime): number {
  let sys: Sys = { t, m: new GuestMemory(), args: spec.args, env: spec.env, preopens: new Map(spec.preopens), rt };
  for (;;) {
    try {
      const imports = buildImports(sys, module);
      if (WebAssembly.Module.imports(module).some((i) => i.kind === "memory")) {
        throw new ModuleError("imports its memory (a wasi-threads module); threads are not supported yet");
      }
      const instance = new WebAssembly.Instance(module, imports);
      return runGuestInstance(sys, instance, onTrap);
    } catch (e) {
      if (!(e instanceof ProcExec)) return statusOf(e, sys.args[0] ?? "guest", onTrap);
      // exec: same process and fds, new program.
      t.log.info(`process ${t.pid} exec: ${e.args.join(" ")}`);
      module = e.module;
      sys = { ...sys, m: new GuestMemory(), args: e.args, env: e.env };
    }
  }
}

/** Runs an instantiated guest's _start; returns its wait status. */
export function runGuestInstance(sys: Sys, instance: WebAssembly.Instance, onTrap: (line: string) => void): number {
  try {
    const memory = instance.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new ModuleError("not a WASI module (it exports no memory)");
    if (typeof instance.exports._start !== "function") throw new ModuleError("not a WASI command module (it exports no _start function)");
    sys.m.attach(memory);
    // Into guest code; a kill that came while the process was starting is taken here
    // (a guest that never makes a syscall would never see it otherwise).
    if (!sys.t.core.fn.threadLeave(sys.t.thread)) throw sys.t.killedExit();
    (instance.exports._start as () => void)();
    return exitedStatus(0);
  } catch (e) {
    if (e instanceof ProcExec) throw e;
    return statusOf(e, sys.args[0] ?? "guest", onTrap);
  }
}

/** Maps how a guest stopped to a wait status. */
export function statusOf(e: unknown, name: string, onTrap: (line: string) => void): number {
  if (e instanceof ProcExit) return e.signal ? signaledStatus(e.signal) : exitedStatus(e.code);
  if (e instanceof ThreadExit) return e.status >= 128 ? signaledStatus(e.status - 128) : exitedStatus(e.status);
  if (e instanceof ModuleError) {
    onTrap(`cove: ${name}: ${e.message}`);
    return exitedStatus(1);
  }
  if (e instanceof WebAssembly.RuntimeError) {
    onTrap(`cove: ${name}: wasm trap: ${e.message}`);
    return signaledStatus(SIGABRT);
  }
  if (e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) {
    onTrap(`cove: ${name}: cannot link module: ${e.message}`);
    return exitedStatus(1);
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    onTrap(`cove: ${name}: wasm trap: call stack exhausted`);
    return signaledStatus(SIGABRT);
  }
  onTrap(`cove: ${name}: internal error: ${e instanceof Error ? e.message : String(e)}`);
  return signaledStatus(SIGABRT);
}

/**
 * Writes a line to the process's own stderr (fd 2), where a shell would print
 * "Aborted": so it goes wherever the caller sent the guest's stderr. Falls back
 * to `fallback` when fd 2 is closed or fails.
 */
export function writeStderr(t: Task, line: string, fallback: (line: string) => void): void {
  try {
    t.with(2, (f) => f.kind.write(t, f.ofd, [new TextEncoder().encode(line + "\n")]));
  } catch {
    fallback(line);
  }
}

/**
 * Releases a finished process's kernel resources, then publishes its status —
 * last, because the parent may reap it (and the kernel be checked for leaks) the
 * moment it is a zombie. The thread record stays with the zombie (a concurrent
 * kill may still look at it) and is freed when the process is reaped.
 */
export function finishProcess(t: Task, status: number): void {
  t.freeOrphanScratch();
  t.closeAll();
  t.core.fn.fdtFree(t.fdt);
  t.dispose();
  t.core.fn.procExit(t.proc, status);
}
