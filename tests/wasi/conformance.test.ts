// SPDX-License-Identifier: Apache-2.0
// WASI preview1 conformance: runs each program in tests/wasi/bin under
// `cove run` in a fresh scratch directory (preopened as the run's guest
// name, fs-tests.dir like wasi-testsuite, or "/") and requires the exact
// transcript in tests/wasi/expected, the expected exit code, and an empty
// scratch directory afterwards. Runs are listed in runs.json; the programs'
// sources and the transcript format are in tests/wasi/programs.
//
// A run may carry "pending": "<reason>" in runs.json while the kernel does
// not conform yet; it is then expected to fail (it.fails), and starts
// failing the suite as soon as it passes, so the marker gets removed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedOutput, loadRuns, repoRoot, runGuest, runners } from './harness.mjs';

const cli = join(repoRoot, 'bin', 'cove.js');

// Until the CLI exists there is nothing to run these against.
describe.skipIf(!existsSync(cli))('WASI preview1 conformance: cove run', () => {
  for (const run of loadRuns()) {
    const test = run.pending ? it.fails : it;
    test(run.name, () => {
      const r = runGuest(runners.cove, run);
      const context = `${r.argv.join(' ')}\n--- stderr ---\n${r.stderr}`;
      expect(r.timedOut, `timed out\n${context}`).toBe(false);
      // Compare the transcript first: its diff shows which check broke.
      expect(r.stdout, context).toBe(expectedOutput(run));
      expect(r.status, context).toBe(run.exit);
      expect(r.leftovers, 'files the guest left in its scratch directory').toEqual([]);
    }, 90_000);
  }
});
