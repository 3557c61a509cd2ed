// Test oracle: run a WASI command under Node's own node:wasi (not Cove) and exit with its
// status. Usage: node wasi-runner.mjs <file.wasm> <argv0> [args...]
// The guest sees this process's environment and stdio, and the host's / as its /.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [wasmFile, argv0, ...args] = process.argv.slice(2);
if (!wasmFile || !argv0) {
  process.stderr.write('usage: wasi-runner.mjs <file.wasm> <argv0> [args...]\n');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [argv0, ...args],
  env: process.env,
  preopens: { '/': '/' },
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(wasmFile));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
