// `cove run` preopens exactly its --dir list (wasmtime's rule), plus the directories
// of Cove's own namespace named with --preopen.

import { describe, expect, it } from 'vitest';
import { lines, runCliAsync } from '../helpers/cli.js';
import { guestPath } from '../helpers/paths.js';

describe('cove run --preopen', () => {
  it('gives a plain WASI program no directory unless asked', async () => {
    const r = await runCliAsync(['run', guestPath('ls'), '/tmp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/tmp/);
  });

  it('preopens a directory of the in-memory root', async () => {
    const r = await runCliAsync(['run', '--preopen', '/dev', guestPath('ls'), '/dev']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual(expect.arrayContaining(['null', 'urandom', 'zero']));
  });

  it.each([
    [['--preopen', 'tmp'], /--preopen tmp: expected an absolute path/],
    [['--preopen', '/no/such/dir'], /cannot preopen .*ENOENT/],
  ])('rejects %j with one line', async (flags, message) => {
    const r = await runCliAsync(['run', ...flags, guestPath('true')]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
