// Builds the benchmark guests in bench/guests/ (*.c -> *.wasm, committed so that
// `cove bench` needs no C toolchain). Run: node bench/build.mjs
//
// Flags are fixed and carry no paths or dates, so a rebuild with the same clang
// and wasi-libc (Debian clang 14 + wasi-libc here) gives identical bytes. The
// debug info Debian's libc.a brings in is stripped; the name section stays, so
// profiles still show function names.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "guests");
const clang = process.env.COVE_CLANG || "clang";
const sysroot = process.env.COVE_WASI_SYSROOT || "/usr";
const FLAGS = ["--target=wasm32-wasi", `--sysroot=${sysroot}`, "-O2", "-Wall", "-Werror", "-Wl,--strip-debug"];

let failed = false;
for (const src of readdirSync(dir).filter((f) => f.endsWith(".c")).sort()) {
  const out = src.replace(/\.c$/, ".wasm");
  const args = [...FLAGS, src, "-o", out];
  process.stderr.write(`bench/build: ${clang} ${args.join(" ")}\n`);
  // Relative names, run from the guests directory: nothing host-specific reaches the output.
  const r = spawnSync(clang, args, { cwd: dir, stdio: "inherit" });
  if (r.error || r.status !== 0) {
    process.stderr.write(`bench/build: ${src} failed${r.error ? `: ${r.error.message}` : ""}\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
