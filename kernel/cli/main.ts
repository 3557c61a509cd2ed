// The `cove` command line: run, cc, start, bench. Errors from the user get one
// line on stderr and a non-zero exit, never a stack trace.

import { readFileSync, realpathSync, statSync } from "node:fs";
import pkg from "../../package.json" with { type: "json" };
import { createKernel, normalizeGuest, type Kernel } from "../index.js";
import { parseLevel, type LogLevel } from "../log.js";
import { SysError, errnoName } from "../errno.js";
import { ModuleError, checkModule } from "../process/guest.js";
import { UsageError, parseRunArgs } from "./args.js";
import { startCommand } from "./start.js";

const HELP = `cove ${pkg.version} — a library OS for WebAssembly

Usage:
  cove run [options] [--] <module.wasm> [args...]   run a WASI preview1 program
  cove cc [clang args...]                          compile C for Cove (clang + wasi-libc)
  cove start                                       a Cove shell (tty) or a short demo
  cove bench [startup|syscall|pipe|epoll] [--json] benchmarks against native and node:wasi
  cove --version | --help

Run 'cove run --help' for the options of run.
`;

const RUN_HELP = `Usage: cove run [options] [--] <module.wasm> [args...]

Options:
  --dir HOST::GUEST   mount host directory HOST at GUEST and preopen it (repeatable)
  --dir PATH          the same with PATH on both sides
  --env NAME=VALUE    set an environment variable for the guest (repeatable);
                      --env NAME passes the host's value
  --preopen GUEST     also preopen a directory of Cove's in-memory root, e.g. /tmp,
                      /dev or / (repeatable; after the --dir preopens)
  --log LEVEL         error | warn | info | debug | trace (default: warn)
  --strace            print every syscall with its arguments and result (= --log trace)
  -h, --help          this help

The guest's exit code becomes cove's; a guest killed by signal N (a wasm trap is
SIGABRT) exits with 128+N. The guest's preopens are exactly the --dir list, from
fd 3 on; a program of Cove's own namespace (e.g. /bin/sh) also gets "/", the
in-memory root with /bin, /dev and /tmp. SIGINT, SIGTERM and SIGHUP sent to cove
are delivered to the guest.
`;

function die(msg: string, code = 2): never {
  process.stderr.write(`cove: ${msg}\n`);
  process.exit(code);
}

async function run(argv: string[]): Promise<number> {
  const opts = parseRunArgs(argv, process.env);
  if (opts.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  if (!opts.module) throw new UsageError("run: no module given (try 'cove run --help')");
  let level: LogLevel = "warn";
  if (opts.log !== undefined) {
    const l = parseLevel(opts.log);
    if (!l || l === "off") throw new UsageError(`--log ${opts.log}: expected error, warn, info, debug or trace`);
    level = l;
  }
  if (opts.strace) level = "trace";
  for (const d of opts.dirs) {
    let ok = false;
    try {
      ok = statSync(d.host).isDirectory();
    } catch {
      die(`--dir ${d.host}: no such directory`);
    }
    if (!ok) die(`--dir ${d.host}: not a directory`);
  }
  const kernel = await createKernel({ mounts: opts.dirs.map((d) => ({ host: realDir(d.host), guest: d.guest })), log: level });
  const { bytes, fromNamespace } = loadModule(opts.module, kernel);
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes);
  } catch (e) {
    die(`${opts.module}: not a valid WebAssembly module (${(e as Error).message.replace(/^WebAssembly\.compile\(\): /, "")})`, 1);
  }
  try {
    checkModule(module);
  } catch (e) {
    if (e instanceof ModuleError) die(`${opts.module}: ${e.message}`, 1);
    throw e;
  }
  // Preopens are exactly the --dir list, from fd 3 (wasmtime's rule, which WASI
  // programs rely on); a program of Cove's own namespace (/bin/sh) also gets "/".
  const preopens = [...opts.dirs.map((d) => d.guest), ...opts.preopens];
  if (fromNamespace && !preopens.some((g) => normalizeGuest(g) === "/")) preopens.push("/");
  let p;
  try {
    p = await kernel.spawn(module, { args: [opts.module, ...opts.args], env: opts.env, preopens });
  } catch (e) {
    if (e instanceof SysError) die(`cannot preopen ${preopens.join(", ")}: ${errnoName(e.errno)}`);
    throw e;
  }
  // Host signals go to the guest (default action: it dies of them, as it would natively).
  for (const [name, num] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]] as const) process.on(name, () => p.kill(num));
  const status = await p.exited;
  return status.code;
}

/**
 * The module to run: a host file, or else a program of Cove's namespace (so that
 * `cove run /bin/sh` runs Cove's shell, not the host's).
 */
function loadModule(path: string, kernel: Kernel): { bytes: Uint8Array<ArrayBuffer>; fromNamespace: boolean } {
  let host: Uint8Array<ArrayBuffer> | undefined;
  let hostError = "";
  try {
    host = readFileSync(path);
    if (isWasm(host)) return { bytes: host, fromNamespace: false };
  } catch (e) {
    const code = (e as { code?: string }).code;
    hostError = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message;
  }
  if (path.startsWith("/")) {
    try {
      return { bytes: new Uint8Array(kernel.readFile(path)), fromNamespace: true };
    } catch {
      // Not in the namespace either: report what the host said.
    }
  }
  if (host) return { bytes: host, fromNamespace: false }; // not wasm: compiling it gives a clear message
  die(`cannot read ${path}: ${hostError}`, 1);
}

function isWasm(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;
}

/** Host roots are canonical, so the kernel's walk never meets a host symlink above the mount. */
function realDir(p: string): string {
  return realpathSync(p);
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(HELP);
      return cmd === undefined ? 2 : 0;
    case "-V":
    case "--version":
      process.stdout.write(`cove ${pkg.version}\n`);
      return 0;
    case "run":
      return run(rest);
    case "cc": {
      const { coveCc } = await import("../toolchain/cc.js");
      return coveCc(rest);
    }
    case "start":
      return startCommand(rest);
    case "bench": { const { benchCommand } = await import("../../bench/cli.js"); return benchCommand(rest); }
    default:
      throw new UsageError(`unknown command '${cmd}' (try 'cove --help')`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError) die(e.message);
    die(`internal error: ${e instanceof Error ? e.message : String(e)}`, 70);
  },
);
