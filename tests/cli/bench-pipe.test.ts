// `cove bench pipe`: arguments, the JSON shape with a tiny total, and parsing the
// pipe guest's output. Never asserts timings (docs/BENCHMARKS.md has the figures).

import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/cli.js';
import { parseRead, parseSize } from '../../bench/pipe.js';
import { parsePingPong } from '../../bench/pingpong.js';
import { cliEnv, lines, runCliAsync } from '../helpers/cli.js';

interface PipeJson {
  results: Record<string, { runs: number; measures: { runner: string; metric: string; unit: string; median: number; samples: number[] }[]; ratios: { name: string; value: number; goal: number; higherIsBetter?: boolean }[]; commands: Record<string, string> }>;
}

describe.concurrent('cove bench pipe', () => {
  it.each([[['pipe', '--runs', '0']], [['pipe', '--frob']], [['pipes']]])('rejects %j with one line and exit 2', async (args) => {
    const r = await runCliAsync(['bench', ...args]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/^cove: bench: /);
    expect(r.stdout).toBe('');
  });

  it('rejects a malformed COVE_BENCH_PIPE_TOTAL with one line and exit 1', async () => {
    const r = await runCliAsync(['bench', 'pipe', '--runs', '1'], { env: cliEnv({ COVE_BENCH_PIPE_TOTAL: '12X' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cove: bench: COVE_BENCH_PIPE_TOTAL=12X: /m);
    expect(r.stdout).toBe('');
  });

  it('pipe --json --runs 1 with a tiny total prints one JSON object with every runner', async () => {
    const env = cliEnv({ COVE_BENCH_PIPE_TOTAL: '256K', COVE_BENCH_PIPE_ROUNDS: '20' });
    const r = await runCliAsync(['bench', 'pipe', '--json', '--runs', '1'], { env, timeout: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/run 1\/1/); // progress on stderr
    const pipe = (JSON.parse(r.stdout) as PipeJson).results.pipe!;
    expect(pipe.runs).toBe(1);
    const metrics = [...new Set(pipe.measures.map((m) => m.metric))];
    expect(metrics).toEqual([
      'throughput, 4 KiB writes',
      'throughput, 64 KiB writes',
      'throughput, 1 MiB writes',
      'ping-pong round trip, mean of a run',
      'ping-pong round trip, median of a run',
    ]);
    const hasNative = pipe.measures.some((m) => m.runner === 'native');
    for (const metric of metrics.slice(0, 3)) {
      const runners = pipe.measures.filter((m) => m.metric === metric).map((m) => m.runner);
      expect(runners).toEqual(['cove', 'node:wasi', ...(hasNative ? ['native'] : [])]);
    }
    for (const m of pipe.measures) {
      expect(m.median, `${m.runner}, ${m.metric}`).toBeGreaterThan(0);
      expect(m.samples).toHaveLength(1);
    }
    const names = pipe.ratios.map((x) => x.name);
    expect(names).toContain('64 KiB: cove / node:wasi');
    if (hasNative) expect(names).toEqual(expect.arrayContaining(['64 KiB: cove / native', 'ping-pong (mean): cove / native']));
    expect(pipe.ratios.find((x) => x.name === '64 KiB: cove / node:wasi')).toMatchObject({ goal: 3, higherIsBetter: true });
    expect(pipe.commands['cove, 64 KiB']).toMatch(/bin\/cove\.js run .*\/bin\/sh -c .*pipe\.wasm write 65536 262144 \| .*pipe\.wasm read/);
  });
});

describe('bench pipe helpers', () => {
  it('is a benchmark of its own', () => {
    expect(parseBenchArgs(['pipe', '--runs=2'])).toMatchObject({ names: ['pipe'], runs: 2 });
    expect(parseBenchArgs([]).names).toContain('pipe');
  });

  it('parses sizes', () => {
    expect(parseSize('65536')).toBe(65536);
    expect(parseSize('64K')).toBe(65536);
    expect(parseSize('256M')).toBe(256 << 20);
    expect(parseSize('1G')).toBe(1 << 30);
    for (const bad of ['', '0', '-1', '1.5M', '12X', 'K']) expect(parseSize(bad), bad).toBeUndefined();
  });

  it('parses the guest output', () => {
    expect(parseRead('read 1048576 bytes 500000 ns\n')).toEqual({ bytes: 1048576, ns: 500000 });
    expect(parsePingPong('pingpong 1000 round trips 20000000 ns median 15000 ns\n')).toEqual({ mean: 20, median: 15 });
    expect(() => parseRead('nothing')).toThrow(/unexpected output/);
    expect(() => parsePingPong('read 1 bytes 1 ns')).toThrow(/unexpected output/);
  });
});
