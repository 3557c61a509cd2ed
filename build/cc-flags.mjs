// How `cove cc` drives clang. This is the only copy of the flag list: kernel/toolchain/cc.ts
// (the `cove cc` subcommand) and build/build-guests.mjs (the guests in guests/bin) both use
// it, so the committed guests are built exactly the way users' programs are.
//
// Plain .mjs (typed by cc-flags.d.mts) because build scripts run under bare Node, which
// cannot import TypeScript; esbuild inlines it into the `cove` bundle.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export const TARGET = 'wasm32-wasi';

export const MISSING_TOOLCHAIN =
  'cove cc: clang with wasm32-wasi support not found; ' +
  'install: apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32';

// wasi-libc hides these APIs behind macros because it can only emulate them. The macros just
// unlock the headers; the matching archives are linked always, and since the linker takes an
// archive member only when something references it, a program that never calls signal() or
// clock() gets no emulation code (checked: hello.wasm is byte-identical with and without).
// libcove is linked before them, so once it implements e.g. getpid for real, it wins.
const EMULATIONS = ['signal', 'process-clocks', 'getpid', 'mman'];

const EMULATION_DEFINES = EMULATIONS.map(
  (name) => `-D_WASI_EMULATED_${name.toUpperCase().replaceAll('-', '_')}`,
);
const EMULATION_LIBS = EMULATIONS.map((name) => `-lwasi-emulated-${name}`);

// The constructor in guests/libcove/start.c that every program must contain.
const LIBCOVE_START = '__cove_start_in_pwd';

// Driver options whose value is the next argument; needed to tell inputs from option values.
const TAKES_VALUE = new Set([
  '-o', '-I', '-D', '-U', '-include', '-imacros', '-isystem', '-idirafter', '-iquote',
  '-iprefix', '-iwithprefix', '-isysroot', '--sysroot', '-L', '-l', '-x', '-MF', '-MT',
  '-MQ', '-Xlinker', '-Xclang', '-Xassembler', '-Xpreprocessor', '-mllvm', '-target',
  '-z', '-u', '-T', '-e', '-working-directory',
]);
// Any of these means clang stops before the link step.
const NO_LINK = new Set(['-c', '-S', '-E', '-M', '-MM', '-fsyntax-only']);

/**
 * Walk up from `fromDir` to the directory holding cove's package.json. Works both from the
 * sources (kernel/toolchain/) and from the esbuild bundle (dist/).
 * @param {string} fromDir
 * @returns {string}
 */
export function findPackageRoot(fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'cove') return dir;
      } catch {
        // An unreadable package.json is somebody else's; keep walking.
      }
    }
    if (dirname(dir) === dir) throw new Error(`cove cc: cannot find cove's package.json above ${fromDir}`);
  }
}

/** @type {Map<string, import('./cc-flags.d.mts').Toolchain | null>} */
const probed = new Map();

/**
 * Locate clang, wasm-ld, the wasm32 compiler-rt builtins and wasi-libc, or return null if any
 * is missing. COVE_CLANG and COVE_WASI_SYSROOT override the Debian defaults (e.g. wasi-sdk).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function findToolchain(env = process.env) {
  const clang = env.COVE_CLANG || 'clang';
  const sysroot = env.COVE_WASI_SYSROOT || '/usr';
  const key = `${clang}\0${sysroot}`;
  if (!probed.has(key)) probed.set(key, probe(clang, sysroot));
  return probed.get(key) ?? null;
}

/**
 * @param {string} clang
 * @param {string} sysroot
 */
function probe(clang, sysroot) {
  /** @param {string} flag */
  const ask = (flag) => {
    const r = spawnSync(clang, [`--target=${TARGET}`, `--sysroot=${sysroot}`, flag], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : '';
  };
  // Debian installs wasi-libc multiarch-style (/usr/include/wasm32-wasi); wasi-sdk sysroots
  // before version 20 have the headers directly in include/.
  const include = [join(sysroot, 'include', TARGET), join(sysroot, 'include')].find((dir) =>
    existsSync(join(dir, 'stdio.h')),
  );
  if (!include || !existsSync(join(sysroot, 'lib', TARGET, 'libc.a'))) return null;
  const builtins = ask('-print-libgcc-file-name'); // empty if clang itself is missing
  if (!builtins || !existsSync(builtins)) return null;
  // clang echoes the bare name back when it cannot find the linker.
  const linker = ask('-print-prog-name=wasm-ld');
  if (!isAbsolute(linker) || !existsSync(linker)) return null;
  return { clang, sysroot, include };
}

/**
 * Does this clang command line end in a link step? Only then may we add libraries.
 * @param {readonly string[]} args
 */
export function linksOutput(args) {
  let inputs = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (NO_LINK.has(arg) || arg.startsWith('-print-') || arg === '-###' || arg === '--version' || arg === '--help') return false;
    if (TAKES_VALUE.has(arg)) i++;
    else if (arg === '-' || !arg.startsWith('-')) inputs++;
  }
  return inputs > 0;
}

/** An ar archive with no members is just its 8-byte magic. */
function hasMembers(/** @type {string} */ archive) {
  return existsSync(archive) && statSync(archive).size > 8;
}

/**
 * The full clang argument list for `cove cc <args>`.
 * @param {string} root  cove's package root (holds guests/include and guests/libcove)
 * @param {import('./cc-flags.d.mts').Toolchain} toolchain
 * @param {readonly string[]} args  the user's arguments, passed through unchanged
 * @param {{ libcove?: string }} [options]  libcove: archive to link instead of the package's
 *   own ('' for none); build-guests links the one it has just built
 * @returns {string[]}
 */
export function clangArgs(root, toolchain, args, options = {}) {
  const out = [
    `--target=${TARGET}`,
    `--sysroot=${toolchain.sysroot}`,
    // With --sysroot=/usr clang also searches /usr/include, so a header wasi-libc lacks
    // (pwd.h, sys/wait.h, ...) silently resolves to glibc's and fails deep inside it. Drop
    // the default dirs and name wasi-libc's explicitly. Order: user -I, cove's POSIX headers,
    // clang's builtin headers, wasi-libc (-idirafter keeps it after the builtins, as before).
    '-nostdlibinc',
    '-isystem', join(root, 'guests', 'include'),
    '-idirafter', toolchain.include,
    ...EMULATION_DEFINES,
    ...args,
  ];
  if (linksOutput(args)) {
    const libcove = options.libcove ?? join(root, 'guests', 'libcove', 'libcove.a');
    // -u: libcove's start-up object (guests/libcove/start.c: chdir to $PWD, the working
    // directory posix_spawn/exec hand over) goes into every program, not only those that
    // call into libcove. A -u that no archive defines is harmless to wasm-ld.
    if (libcove && hasMembers(libcove)) out.push(libcove, `-Wl,-u,${LIBCOVE_START}`);
    out.push(...EMULATION_LIBS);
    // Keep the name section (trap backtraces stay readable) but drop DWARF unless asked for.
    if (!args.some((a) => a.startsWith('-g') && a !== '-g0')) out.push('-Wl,--strip-debug');
  }
  return out;
}
