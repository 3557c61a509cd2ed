// Builds the guest programs that ship in guests/bin (and are committed):
//   guests/libcove/*.c  -> guests/libcove/libcove.a   (only when there are sources)
//   guests/src/*.c      -> guests/bin/<name>.wasm     (with `cove cc`'s flags)
//   guests/as/hello.ts  -> guests/bin/hello-as.wasm   (AssemblyScript + wasi-shim)
//
//   node build/build-guests.mjs           build, then update the files that changed
//   node build/build-guests.mjs --check   build into a temp dir; exit 1 listing every file
//                                         that differs from the committed one (CI)
//
// Outputs are reproducible: same Debian clang/wasi-libc and same npm lockfile, same bytes.
// Everything is compiled from the package root with relative paths, objects go in
// deterministic archives, and the link drops DWARF, so no path or time can leak in.

import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { clangArgs, findPackageRoot, findToolchain, MISSING_TOOLCHAIN } from './cc-flags.mjs';

const run = promisify(execFile);

/** Flags for our own guests on top of cove cc's. -Os: they are downloaded by browsers. */
export const GUEST_CFLAGS = ['-std=c11', '-Os', '-Wall', '-Wextra', '-Werror'];

const SRC = 'guests/src';
const BIN = 'guests/bin';
const LIBCOVE_DIR = 'guests/libcove';
const LIBCOVE = `${LIBCOVE_DIR}/libcove.a`;
const AS_ENTRY = 'guests/as/hello.ts';
const AS_CONFIG = 'guests/as/asconfig.json';

/** A failure already explained to the user: reported as one line, no stack trace. */
class BuildError extends Error {}

function fail(message) {
  throw new BuildError(message);
}

/** C files in a directory, sorted so every machine builds (and archives) in one order. */
function cSources(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.c')).sort() : [];
}

function findLlvmAr() {
  for (const name of ['llvm-ar-14', 'llvm-ar']) {
    if (spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0) return name;
  }
  fail('llvm-ar not found (it comes with clang: apt-get install -y llvm-14)');
}

/** Run clang with cove cc's arguments; on failure, show its diagnostics and stop. */
async function clang(toolchain, args, libcove) {
  try {
    await run(toolchain.clang, clangArgs('.', toolchain, args, { libcove }), { maxBuffer: 16 << 20 });
  } catch (err) {
    process.stderr.write(err.stderr || `${err.message}\n`);
    fail(`clang failed: ${args.join(' ')}`);
  }
}

/** libcove.a from guests/libcove/*.c, or null when there is nothing to archive. */
async function buildLibcove(toolchain, out) {
  const sources = cSources(LIBCOVE_DIR);
  if (sources.length === 0) return null;
  const objDir = join(out, 'libcove-obj');
  mkdirSync(objDir, { recursive: true });
  const objects = sources.map((src) => join(objDir, src.replace(/\.c$/, '.o')));
  await Promise.all(
    sources.map((src, i) => clang(toolchain, [...GUEST_CFLAGS, '-c', `${LIBCOVE_DIR}/${src}`, '-o', objects[i]])),
  );
  const archive = join(out, 'libcove.a');
  // D: zero timestamps, uids and modes in the archive, so it is reproducible.
  const ar = spawnSync(findLlvmAr(), ['rcsD', archive, ...objects], { encoding: 'utf8' });
  if (ar.status !== 0) fail(`llvm-ar failed: ${ar.stderr.trim()}`);
  return archive;
}

async function buildAssemblyScript(outFile) {
  const { default: asc } = await import('assemblyscript/asc');
  let log = '';
  const sink = { write: (chunk) => { log += chunk; return true; } };
  const { error } = await asc.main([AS_ENTRY, '--config', AS_CONFIG, '--outFile', outFile], { stdout: sink, stderr: sink });
  if (error) {
    process.stderr.write(log);
    fail(`asc failed: ${error.message}`);
  }
}

/** Build everything into `out`; returns package-relative path -> built file. */
async function buildAll(toolchain, out) {
  const built = new Map();
  const libcove = await buildLibcove(toolchain, out);
  if (libcove) built.set(LIBCOVE, libcove);

  const binDir = join(out, 'bin');
  const objDir = join(out, 'obj');
  mkdirSync(binDir, { recursive: true });
  mkdirSync(objDir, { recursive: true });
  const guests = cSources(SRC).map((src) => [basename(src, '.c'), `${SRC}/${src}`]);
  await Promise.all(
    guests.map(async ([name, src]) => {
      const obj = join(objDir, `${name}.o`);
      await clang(toolchain, [...GUEST_CFLAGS, '-c', src, '-o', obj]);
      // A separate link step without -O: given -O, clang 14 also runs whatever wasm-opt is
      // on PATH (npm scripts put binaryen's there), and the bytes would depend on PATH.
      // Link against the libcove just built (in --check the committed one may be stale);
      // with no libcove sources, none.
      await clang(toolchain, [obj, '-o', join(binDir, `${name}.wasm`)], libcove ?? '');
    }),
  );
  for (const [name] of guests) built.set(`${BIN}/${name}.wasm`, join(binDir, `${name}.wasm`));

  await buildAssemblyScript(join(binDir, 'hello-as.wasm'));
  built.set(`${BIN}/hello-as.wasm`, join(binDir, 'hello-as.wasm'));
  return built;
}

/** Files that would change: built ones that differ, and ones nothing builds any more. */
function differences(built) {
  const changed = [];
  for (const [path, file] of built) {
    if (!existsSync(path)) changed.push({ path, why: 'not committed' });
    else if (!readFileSync(path).equals(readFileSync(file))) changed.push({ path, why: 'differs' });
  }
  const present = existsSync(BIN) ? readdirSync(BIN).filter((f) => f.endsWith('.wasm')).map((f) => `${BIN}/${f}`) : [];
  if (existsSync(LIBCOVE)) present.push(LIBCOVE);
  for (const path of present) if (!built.has(path)) changed.push({ path, why: 'stale: no source builds it' });
  return changed;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) fail(`unknown argument '${unknown[0]}' (usage: build-guests.mjs [--check])`);

  // Relative paths from the package root keep absolute paths out of the outputs.
  process.chdir(findPackageRoot(dirname(fileURLToPath(import.meta.url))));
  const toolchain = findToolchain();
  if (!toolchain) {
    process.stderr.write(`${MISSING_TOOLCHAIN}\n`);
    process.exitCode = 127;
    return;
  }

  const out = mkdtempSync(join(tmpdir(), 'cove-guests-'));
  try {
    const built = await buildAll(toolchain, out);
    const changed = differences(built);
    if (check) {
      if (changed.length > 0) {
        process.stderr.write(
          'build-guests: the committed guests do not match a fresh build:\n' +
            changed.map((c) => `  ${c.path} (${c.why})\n`).join('') +
            'build-guests: run `node build/build-guests.mjs` and commit the result\n',
        );
        process.exitCode = 1;
        return;
      }
      console.log(`build-guests: ${built.size} files match a fresh build`);
      return;
    }
    mkdirSync(BIN, { recursive: true });
    for (const [path, file] of built) {
      copyFileSync(file, path);
      chmodSync(path, 0o644); // data for Cove, not host executables; and one mode in git
    }
    const removed = changed.filter((c) => !built.has(c.path)).map((c) => c.path);
    const updated = changed.filter((c) => built.has(c.path)).map((c) => c.path);
    for (const path of removed) rmSync(path);
    if (updated.length) console.log(`build-guests: updated ${updated.join(', ')}`);
    if (removed.length) console.log(`build-guests: removed ${removed.join(', ')}`);
    if (!changed.length) console.log('build-guests: guests are up to date');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  if (!(err instanceof BuildError)) throw err;
  process.stderr.write(`build-guests: ${err.message}\n`);
  process.exitCode = 1;
}
