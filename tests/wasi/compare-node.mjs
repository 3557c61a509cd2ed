#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Runs every guest run under node:wasi (or another runner) and prints how
// each compares with tests/wasi/expected - the data behind NODE-WASI.md.
//
//   node tests/wasi/compare-node.mjs              summary
//   node tests/wasi/compare-node.mjs --diff       plus the failing checks
//   node tests/wasi/compare-node.mjs --runner cove
//   node tests/wasi/compare-node.mjs --oracle --write
//       run oracle-bin/ builds (build.mjs --oracle) and write their
//       transcripts to expected/ as drafts; runs that crash or hang are
//       reported and must be finished by hand from the program source.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedOutput, loadRuns, runGuest, runners, wasiDir } from './harness.mjs';

const flag = (f) => process.argv.includes(f);
const runnerName = flag('--runner') ? process.argv[process.argv.indexOf('--runner') + 1] : 'node';
const runner = runners[runnerName];
if (!runner) throw new Error(`unknown runner ${runnerName}`);
const oracle = flag('--oracle');

let passed = 0;
let failed = 0;
const written = new Set();
for (const run of loadRuns()) {
  const r = runGuest(runner, run, 20_000, oracle ? 'oracle-bin' : 'bin');
  const problems = [];
  if (r.timedOut) problems.push('timed out (20s)');
  else if (r.signal) problems.push(`killed by ${r.signal}`);
  else if (r.status !== run.exit) problems.push(`exit ${r.status}, expected ${run.exit}`);
  if (oracle && flag('--write') && problems.length === 0 && !written.has(run.expected)) {
    writeFileSync(join(wasiDir, 'expected', `${run.expected}.out`), r.stdout);
    written.add(run.expected);
  }
  const got = r.stdout.split('\n');
  const want = expectedOutput(run).split('\n');
  const differing = want.filter((line, i) => got[i] !== line).length + Math.max(0, got.length - want.length);
  const mismatches = got.filter((l) => l.includes('<-- MISMATCH'));
  if (differing) problems.push(`${mismatches.length} checks failed, ${differing} lines differ`);
  if (r.leftovers.length) problems.push(`left behind: ${r.leftovers.join(', ')}`);
  if (problems.length === 0) {
    passed++;
    console.log(`pass  ${run.name}`);
  } else {
    failed++;
    console.log(`FAIL  ${run.name}: ${problems.join('; ')}`);
    if (flag('--diff')) {
      for (const line of mismatches) console.log(`      ${line}`);
      if (r.timedOut || r.signal) console.log(`      last line: ${got.filter(Boolean).at(-1)}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
