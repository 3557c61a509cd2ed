// cove.* process calls: spawn (posix_spawn-shaped), exec, wait4, getpid,
// getppid, kill. Processes live in the core's process table (assembly/process.ts);
// a child's worker is started by the host thread (Runtime.request).

import { E, SysError, fail } from "../errno.js";
import { readWholeFile } from "../fs/read.js";
import { RIGHTS_ALL } from "../wasi/constants.js";
import { ProcExit, type Sys } from "../wasi/sys.js";
import { openAt } from "../fs/open.js";
import { ProcExec, type Runtime } from "../process/runtime.js";
import { checkModule, ModuleError } from "../process/guest.js";
import { Task } from "../process/task.js";
import { Kind } from "../fs/file.js";
import { FD_CLOEXEC, O_CLOEXEC } from "./fds.js";

const dec = new TextDecoder();

function runtime(s: Sys): Runtime {
  if (!s.rt) fail(E.NOSYS); // a guest on the caller's thread (the WASI class) cannot start processes
  return s.rt;
}

/** A NULL-terminated char*[] from guest memory. */
function stringArray(s: Sys, ptr: number): string[] {
  const out: string[] = [];
  if (ptr === 0) return out;
  for (let i = 0; ; i++) {
    if (i > 65536) fail(E.TOOBIG);
    const p = s.m.u32(ptr + i * 4);
    if (p === 0) return out;
    out.push(cString(s, p));
  }
}

function cString(s: Sys, ptr: number): string {
  let end = ptr;
  const limit = ptr + 131072;
  while (s.m.u8(end) !== 0) {
    if (++end > limit) fail(E.TOOBIG);
  }
  return dec.decode(s.m.bytes(ptr, end - ptr).slice());
}

/** Loads and compiles the program at path (cached per worker). */
export function loadProgram(t: Task, rt: Runtime, path: string): WebAssembly.Module {
  let bytes: Uint8Array<ArrayBuffer>;
  let key: string;
  try {
    const r = readWholeFile(t, path);
    bytes = r.bytes;
    key = `${path}:${r.st.dev}:${r.st.ino}:${r.st.mtim}:${r.st.size}`;
  } catch (e) {
    if (e instanceof SysError && e.errno === E.ISDIR) fail(E.ACCES); // execve(2): a directory is EACCES
    throw e;
  }
  const cached = rt.modules.get(key);
  if (cached) return cached;
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
    checkModule(module);
  } catch (e) {
    if (e instanceof ModuleError || e instanceof WebAssembly.CompileError) fail(E.NOEXEC);
    throw e;
  }
  rt.modules.set(key, module);
  return module;
}

const ACTION_SIZE = 28;
const enum Action { OPEN = 1, CLOSE = 2, DUP2 = 3 }
const O_ACCMODE_READ = 0x04000000;
const O_ACCMODE_WRITE = 0x10000000;
const O_NOFOLLOW = 0x01000000;

/**
 * spawn(path, argv, envp, actions, nactions, flags, pid_out): posix_spawn. The child
 * gets a copy of the parent's fd table (FD_CLOEXEC fds included), the file actions run
 * in order on it, then its FD_CLOEXEC fds are closed, as fork + actions + execve would;
 * its preopens are the parent's that it still has.
 */
export function spawn(s: Sys, pathPtr: number, pathLen: number, argvPtr: number, envpPtr: number, actionsPtr: number, nactions: number, flags: number, pidOut: number): number {
  const rt = runtime(s);
  const t = s.t;
  const c = t.core;
  const path = s.m.string(pathPtr, pathLen);
  const args = stringArray(s, argvPtr);
  const env = stringArray(s, envpPtr);
  s.m.bytes(pidOut, 4);
  const module = loadProgram(t, rt, path);

  const childFdt = c.fn.fdtCreate(1024);
  if (childFdt === 0) fail(E.NOMEM);
  const child = new Task(c, t.host, t.vfs, t.log, 0, 0, 0, childFdt); // acts on the child's table
  try {
    // Inherit every fd, FD_CLOEXEC ones too: as in a forked child before execve, the
    // file actions can still use them (the usual dup2 of an O_CLOEXEC pipe end).
    const span = c.fn.fdtSpan(t.fdt);
    for (let fd = 0; fd < span; fd++) {
      const fl = c.fn.fdtField(t.fdt, fd, c.k.E_FLAGS);
      if (fl < 0) continue;
      const ofd = c.fn.fdtGet(t.fdt, fd);
      if (ofd === 0) continue;
      c.fn.fdtInstallAt(childFdt, fd, ofd, fl, t.rights(fd), t.inheriting(fd));
    }
    // File actions.
    for (let i = 0; i < nactions; i++) {
      const a = actionsPtr + i * ACTION_SIZE;
      const kind = s.m.u32(a);
      const fd = s.m.u32(a + 4) | 0;
      if (fd < 0) fail(E.BADF);
      switch (kind) {
        case Action.CLOSE: {
          // Closing an fd that is not open is not an error (glibc, musl; POSIX 2024).
          const ofd = c.fn.fdtRemove(childFdt, fd);
          if (ofd !== 0) child.put(ofd);
          break;
        }
        case Action.DUP2: {
          const newfd = s.m.u32(a + 8) | 0;
          const src = child.get(fd);
          if (newfd === fd) {
            c.fn.fdtSetField(childFdt, fd, c.k.E_FLAGS, 0);
            child.put(src);
            break;
          }
          const old = c.fn.fdtInstallAt(childFdt, newfd, src.ofd, 0, child.rights(fd), child.inheriting(fd));
          if (old < 0) {
            child.put(src);
            fail(-old);
          }
          if (old > 0) child.put(old);
          break;
        }
        case Action.OPEN: {
          const oflag = s.m.u32(a + 12);
          const p = s.m.string(s.m.u32(a + 20), s.m.u32(a + 24));
          const acc = { read: (oflag & O_ACCMODE_READ) !== 0, write: (oflag & O_ACCMODE_WRITE) !== 0 };
          const { ofd } = openAt(t, t.vfs.root, p.replace(/^\/+/, "") || ".", (oflag & O_NOFOLLOW) === 0, (oflag >> 12) & 0xf, oflag & 0x1f, acc);
          const old = c.fn.fdtInstallAt(childFdt, fd, ofd, oflag & O_CLOEXEC ? FD_CLOEXEC : 0, RIGHTS_ALL, RIGHTS_ALL);
          if (old < 0) {
            child.put(ofd);
            fail(-old);
          }
          if (old > 0) child.put(old);
          break;
        }
        default:
          fail(E.INVAL);
      }
    }
    // The "exec": FD_CLOEXEC fds close now, after the file actions.
    const childSpan = c.fn.fdtSpan(childFdt);
    for (let fd = 0; fd < childSpan; fd++) {
      const fl = c.fn.fdtField(childFdt, fd, c.k.E_FLAGS);
      if (fl >= 0 && fl & FD_CLOEXEC) child.close(fd);
    }
  } catch (e) {
    child.closeAll();
    c.fn.fdtFree(childFdt);
    child.dispose();
    throw e;
  }
  child.dispose();

  const ppid = t.pid;
  const proc = c.fn.procCreate(ppid, childFdt);
  if (proc === 0) fail(E.NOMEM);
  const pid = c.load32(proc + c.k.P_PID);
  const thread = c.fn.threadCreate(pid);
  if (thread === 0) fail(E.NOMEM);
  c.store32(proc + c.k.P_THREADS, thread);
  if (!(flags & 1)) c.store32(proc + c.k.P_PGID, c.load32(t.proc + c.k.P_PGID)); // POSIX_SPAWN_SETPGROUP(1): own group
  const preopens: Array<[number, string]> = [];
  for (const [fd, name] of s.preopens) {
    const ofd = c.fn.fdtGet(childFdt, fd);
    if (ofd === 0) continue;
    if (c.load32(ofd + c.k.F_KIND) === Kind.DIR) preopens.push([fd, name]);
    t.put(ofd);
  }
  t.log.info(`process ${pid} spawned by ${ppid}: ${args.join(" ")}`);
  rt.request({ type: "start", init: { handle: rt.handle, ids: { pid, proc, thread, fdt: childFdt }, module, spec: { args, env, preopens } } });
  s.m.setU32(pidOut, pid);
  return 0;
}

/** exec(path, argv, envp): replaces the program; closes FD_CLOEXEC fds. Returns only on error. */
export function exec(s: Sys, pathPtr: number, pathLen: number, argvPtr: number, envpPtr: number): number {
  const rt = runtime(s);
  const t = s.t;
  const c = t.core;
  const path = s.m.string(pathPtr, pathLen);
  const args = stringArray(s, argvPtr);
  const env = stringArray(s, envpPtr);
  const module = loadProgram(t, rt, path);
  const span = c.fn.fdtSpan(t.fdt);
  for (let fd = 0; fd < span; fd++) {
    const fl = c.fn.fdtField(t.fdt, fd, c.k.E_FLAGS);
    if (fl >= 0 && fl & FD_CLOEXEC) {
      t.close(fd);
      s.preopens.delete(fd);
    }
  }
  throw new ProcExec(module, args, env);
}

const WNOHANG = 1;

/** wait4(pid, status_out, options, pid_out). */
export function wait4(s: Sys, pid: number, statusPtr: number, options: number, pidOut: number): number {
  const t = s.t;
  const c = t.core;
  if (options & ~(WNOHANG | 2 | 8)) fail(E.INVAL); // WUNTRACED, WCONTINUED: accepted, never reported
  s.m.bytes(pidOut, 4);
  const pgid = c.load32(t.proc + c.k.P_PGID);
  const take = (): number | undefined => {
    const r = c.fn.procWaitChild(t.pid, pid | 0, pgid);
    if (r < 0) fail(-r);
    return r > 0 ? r : undefined;
  };
  let zombie = take();
  if (zombie === undefined) {
    if (options & WNOHANG) {
      s.m.setU32(pidOut, 0);
      return 0;
    }
    zombie = t.waitFor([[t.proc + c.k.P_NOTIFIER, c.k.EV_IN]], take);
  }
  const z = zombie!;
  const status = c.load32(z + c.k.P_STATUS);
  const childPid = c.load32(z + c.k.P_PID);
  c.fn.procFree(z);
  if (statusPtr !== 0) s.m.setU32(statusPtr, status);
  s.m.setU32(pidOut, childPid);
  return 0;
}

export function getpid(s: Sys, out: number): number {
  s.m.setU32(out, s.t.pid);
  return 0;
}

export function getppid(s: Sys, out: number): number {
  const c = s.t.core;
  s.m.setU32(out, c.load32(s.t.proc + c.k.P_PPID));
  return 0;
}

// Default actions (Linux): ignore these; stop signals need job control, which Cove lacks.
const IGNORED = new Set([17, 18, 23, 28]);
const STOPS = new Set([19, 20, 21, 22]);

/** kill(pid, sig): only default actions exist so far, so a signal terminates or is ignored. */
export function kill(s: Sys, pid: number, sig: number): number {
  const t = s.t;
  const c = t.core;
  if (sig < 0 || sig > 64) fail(E.INVAL);
  pid |= 0;
  let targets: number[];
  if (pid > 0) {
    const p = c.fn.procFind(pid);
    if (p === 0 || c.load32(p + c.k.P_STATE) === c.k.PROC_ZOMBIE) fail(E.SRCH);
    targets = [pid];
  } else {
    // 0: the caller's group; -1: every process but the caller; < -1: group -pid.
    const pgid = pid === 0 ? c.load32(t.proc + c.k.P_PGID) : pid === -1 ? 0 : -pid;
    targets = listGroup(t, pgid);
    if (pid === -1) targets = targets.filter((p) => p !== t.pid);
    if (targets.length === 0) fail(E.SRCH);
  }
  if (sig === 0 || IGNORED.has(sig)) return 0;
  if (STOPS.has(sig)) fail(E.NOTSUP);
  for (const target of targets) {
    if (target === t.pid) continue;
    if (c.fn.procKill(target, sig) === 1) runtime(s).request({ type: "kill", pid: target });
  }
  if (targets.includes(t.pid)) throw new ProcExit(128 + sig, sig);
  return 0;
}

/** Pids of the live processes of a group (pgid 0: every process). */
function listGroup(t: Task, pgid: number): number[] {
  const c = t.core;
  const max = 65536;
  const buf = c.fn.kalloc(max * 4);
  if (buf === 0) fail(E.NOMEM);
  try {
    const n = c.fn.procListGroup(pgid, buf, max);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(c.load32(buf + i * 4));
    return out;
  } finally {
    c.fn.kfree(buf);
  }
}

const RLIMIT_NOFILE = 7;
const RLIM_INFINITY = 0xffffffffffffffffn;

/**
 * prlimit(pid, resource, new, old): resource limits of the caller (pid 0 or its
 * own). RLIMIT_NOFILE is enforced by the fd table; other resources are EINVAL.
 */
export function prlimit(s: Sys, pid: number, resource: number, newPtr: number, oldPtr: number): number {
  const t = s.t;
  const c = t.core;
  if (pid !== 0 && pid !== t.pid) fail(c.fn.procFind(pid) === 0 ? E.SRCH : E.PERM);
  if (resource !== RLIMIT_NOFILE) fail(E.INVAL);
  const soft = c.load32(t.fdt + c.k.T_LIMIT);
  const hard = c.load32(t.fdt + c.k.T_HARD);
  if (newPtr !== 0) {
    const cur = s.m.u64(newPtr);
    const max = s.m.u64(newPtr + 8);
    if (cur > max) fail(E.INVAL);
    if (max > BigInt(hard) && max !== RLIM_INFINITY) fail(E.PERM);
    const cap = (v: bigint) => (v > BigInt(hard) ? hard : Number(v));
    c.store32(t.fdt + c.k.T_HARD, cap(max));
    c.fn.fdtSetLimit(t.fdt, cap(cur));
  }
  if (oldPtr !== 0) {
    s.m.setU64(oldPtr, BigInt(soft));
    s.m.setU64(oldPtr + 8, BigInt(hard));
  }
  return 0;
}
