#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Runs a WASI preview1 module under Node's built-in node:wasi, with the same
// command line as `cove run`, so the two can be compared (see NODE-WASI.md):
//
//   node tests/wasi/node-wasi-run.mjs [--dir HOST::GUEST | --dir PATH]...
//        [--env K=V]... [--] module.wasm [args...]
//
// The guest gets exactly the given environment (nothing inherited) and
// argv = [module path, ...args]. The exit code is the guest's.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

function usage(msg) {
  process.stderr.write(`node-wasi-run: ${msg}\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--') {
    i++;
    break;
  } else if (a === '--dir') {
    const spec = argv[++i] ?? usage('--dir needs a value');
    const sep = spec.indexOf('::');
    if (sep >= 0) preopens[spec.slice(sep + 2)] = spec.slice(0, sep);
    else preopens[spec] = spec;
  } else if (a === '--env') {
    const kv = argv[++i] ?? usage('--env needs a value');
    const eq = kv.indexOf('=');
    if (eq <= 0) usage(`bad --env ${kv}`);
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else if (a.startsWith('-')) {
    usage(`unknown option ${a}`);
  } else {
    break;
  }
}
const modulePath = argv[i] ?? usage('missing module.wasm');
const args = [modulePath, ...argv.slice(i + 1)];

// node:wasi prints an ExperimentalWarning on stderr; keep stderr for the guest.
process.removeAllListeners('warning');
process.on('warning', () => {});

const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
let code;
try {
  const module = new WebAssembly.Module(readFileSync(modulePath));
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  code = wasi.start(instance);
} catch (err) {
  // A trap (e.g. abort() or unreachable) ends the guest abnormally.
  process.stderr.write(`node-wasi-run: ${err?.message ?? err}\n`);
  code = 134;
}
process.exitCode = code;
