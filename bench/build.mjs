// Builds the benchmark guests in bench/guests/ (*.c -> *.wasm, committed so that
// `cove bench` needs no C toolchain). Run: node bench/build.mjs
//
// Flags are fixed and carry no paths or dates, so a rebuild with the same clang
// and wasi-libc (Debian clang 14 + wasi-libc here) gives identical bytes. The
// debug info Debian's libc.a brings in is stripped; the name section stays, so
// profiles still show function names.
//
// A guest in COVE_BUILDS is also built with `cove cc`'s flags (build/cc-flags.mjs:
// Cove's headers and guests/libcove, for posix_spawn and friends), under a second name.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { clangArgs, findToolchain } from "../build/cc-flags.mjs";

const dir = join(dirname(fileURLToPath(import.meta.url)), "guests");
const clang = process.env.COVE_CLANG || "clang";
const sysroot = process.env.COVE_WASI_SYSROOT || "/usr";
const FLAGS = ["--target=wasm32-wasi", `--sysroot=${sysroot}`, "-O2", "-Wall", "-Werror", "-Wl,--strip-debug"];
const COVE_BUILDS = { "pipe.c": "pipe-cove.wasm", "epoll.c": "epoll.wasm" };
// Guests that need Cove's headers (sys/epoll.h, ...): built with `cove cc` only.
const COVE_ONLY = new Set(["epoll.c"]);

let failed = false;
for (const src of readdirSync(dir).filter((f) => f.endsWith(".c")).sort()) {
  const out = src.replace(/\.c$/, ".wasm");
  const args = [...FLAGS, src, "-o", out];
  if (!COVE_ONLY.has(src)) {
    process.stderr.write(`bench/build: ${clang} ${args.join(" ")}\n`);
    // Relative names, run from the guests directory: nothing host-specific reaches the output.
    const r = spawnSync(clang, args, { cwd: dir, stdio: "inherit" });
    if (r.error || r.status !== 0) {
      process.stderr.write(`bench/build: ${src} failed${r.error ? `: ${r.error.message}` : ""}\n`);
      failed = true;
    }
  }
  if (!COVE_BUILDS[src]) continue;
  // From the package root with relative paths (cc-flags checks libcove.a from the
  // current directory), so no absolute path reaches the output either.
  process.chdir(join(dir, "..", ".."));
  const toolchain = findToolchain();
  const coveArgs = ["-O2", "-Wall", "-Werror", `bench/guests/${src}`, "-o", `bench/guests/${COVE_BUILDS[src]}`];
  process.stderr.write(`bench/build: cove cc ${coveArgs.join(" ")}\n`);
  const c = toolchain ? spawnSync(toolchain.clang, clangArgs(".", toolchain, coveArgs), { stdio: "inherit" }) : undefined;
  if (!c || c.error || c.status !== 0) {
    process.stderr.write(`bench/build: ${COVE_BUILDS[src]} failed${c ? "" : ": no clang for wasm32-wasi"} (it needs guests/libcove/libcove.a: node build/build-guests.mjs)\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
