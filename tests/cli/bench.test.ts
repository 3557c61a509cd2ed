// `cove bench`: argument errors, the JSON shape, and parsing the syscall guest's
// output. Never asserts timings (docs/BENCHMARKS.md has the figures).

import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/cli.js';
import { summarise } from '../../bench/harness.js';
import { parseLoops } from '../../bench/syscall.js';
import { lines, runCliAsync } from '../helpers/cli.js';

describe.concurrent('cove bench', () => {
  it.each([['bogus'], ['--runs', '0'], ['--runs'], ['--frob']])('rejects %s with one line and exit 2', async (...args) => {
    const r = await runCliAsync(['bench', ...args]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/^cove: bench: /);
    expect(r.stdout).toBe('');
  });

  it('startup --json --runs 1 prints one JSON object with every runner', async () => {
    const r = await runCliAsync(['bench', 'startup', '--json', '--runs', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/run 1\/1/); // progress on stderr
    const out = JSON.parse(r.stdout) as { results: Record<string, { measures: { runner: string; median: number }[]; ratios: { name: string }[] }> };
    const runners = out.results.startup!.measures.map((m) => m.runner);
    expect(runners).toEqual(expect.arrayContaining(['cove', 'node:wasi']));
    for (const m of out.results.startup!.measures) expect(m.median).toBeGreaterThan(0);
    expect(out.results.startup!.ratios[0]!.name).toBe('cove / node:wasi');
  });
});

describe('bench helpers', () => {
  it('parses arguments', () => {
    expect(parseBenchArgs([])).toMatchObject({ names: ['startup', 'syscall', 'pipe', 'epoll'], json: false });
    expect(parseBenchArgs(['syscall', '--runs=3', '--json'])).toMatchObject({ names: ['syscall'], runs: 3, json: true });
    expect(parseBenchArgs(['all', 'startup']).names).toEqual(['startup', 'syscall', 'pipe', 'epoll']);
  });

  it('parses the syscall guest output', () => {
    const loops = parseLoops('write 1000 calls 500000 ns 500.0 ns/call\nclock_gettime 1000 calls 80000 ns 80.0 ns/call\n');
    expect(loops).toEqual({ write: 500, clock_gettime: 80 });
    expect(() => parseLoops('nothing')).toThrow(/unexpected output/);
  });

  it('takes medians', () => {
    expect(summarise([3, 1, 2]).median).toBe(2);
    expect(summarise([4, 1, 2, 3])).toMatchObject({ median: 2.5, min: 1, max: 4 });
  });
});
