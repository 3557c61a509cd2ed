#!/usr/bin/env node
// The reference runner for `cove bench`: runs a WASI preview1 command with Node's
// own node:wasi (uvwasi), the way a Node user would.
//
//   node bench/node-wasi-run.mjs [--dir HOST::GUEST]... <module.wasm> [args...]
//
// The guest gets no environment and only the preopens given (like `cove run`,
// which passes no environment unless asked). Exits with the guest's exit code.

import { readFileSync } from "node:fs";

// node:wasi announces itself with an ExperimentalWarning; keep stderr for the guest.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const type = typeof rest[0] === "string" ? rest[0] : rest[0]?.type;
  if (type === "ExperimentalWarning" && String(warning).includes("WASI")) return;
  return emitWarning.call(process, warning, ...rest);
};
const { WASI } = await import("node:wasi");

const argv = process.argv.slice(2);
const preopens = {};
while (argv[0] === "--dir") {
  const spec = argv[1] ?? "";
  const [host, guest = host] = spec.split("::");
  if (!host) usage();
  preopens[guest] = host;
  argv.splice(0, 2);
}
if (argv.length === 0 || argv[0].startsWith("-")) usage();

const wasi = new WASI({ version: "preview1", args: argv, env: {}, preopens, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(argv[0]));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);

function usage() {
  process.stderr.write("usage: node bench/node-wasi-run.mjs [--dir HOST::GUEST]... <module.wasm> [args...]\n");
  process.exit(2);
}
