// Drives the fsops guest (tests/helpers/c/fsops.c) through the library API: each operation
// is a string "op arg..." (as the guest echoes it back), each result "OK", a value, or the
// errno name the call failed with. Tests state expectations as tables of [op, result].

import { expect } from 'vitest';
import type { Kernel } from './cove.js';
import { compileCBytes, helperSource } from './cc.js';

let module: Promise<WebAssembly.Module> | undefined;

/** The fsops guest, compiled once per test file. */
export function fsopsModule(): Promise<WebAssembly.Module> {
  module ??= WebAssembly.compile(compileCBytes(helperSource('fsops')));
  return module;
}

/** Runs the operations in one guest process, in order; returns [op, result] pairs. */
export async function fsops(k: Kernel, ops: readonly string[], env: Record<string, string> = {}): Promise<Array<[string, string]>> {
  const args = ['fsops'];
  for (const op of ops) args.push(...op.split(' '));
  const p = await k.spawn(await fsopsModule(), { args, env, stdin: 'null', stdout: 'pipe', stderr: 'pipe' });
  const [out, err, status] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (status.code !== 0 || err !== '') throw new Error(`fsops exited with ${JSON.stringify(status)}: ${err}`);
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const tab = l.indexOf('\t');
      return [l.slice(0, tab), l.slice(tab + 1)];
    });
}

/** Runs the operations of a table and checks every result: expect the table back unchanged. */
export async function expectOps(k: Kernel, table: ReadonlyArray<readonly [op: string, result: string]>): Promise<void> {
  const got = await fsops(
    k,
    table.map(([op]) => op),
  );
  expect(got).toEqual(table.map(([op, r]) => [op, r]));
}
