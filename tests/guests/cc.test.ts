// `cove cc` (kernel/toolchain/cc.ts) and the flag list it shares with build-guests.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { clangArgs, findPackageRoot, findToolchain, linksOutput, MISSING_TOOLCHAIN } from '../../build/cc-flags.mjs';
import { coveCc } from '../../kernel/toolchain/cc.js';
import { removeTempDirs, repoRoot, run, tempDir, wasiCommand } from './util.js';

afterAll(removeTempDirs);

const toolchain = findToolchain();
if (!toolchain) throw new Error(MISSING_TOOLCHAIN);

function write(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

/** Run clang with cove cc's arguments, capturing diagnostics (coveCc itself inherits stdio). */
function clang(args: string[], libcove?: string) {
  return spawnSync(toolchain!.clang, clangArgs(repoRoot, toolchain!, args, { libcove }), { encoding: 'utf8' });
}

describe('cove cc', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.COVE_CLANG;
  });

  it('builds a WASI command that runs and imports only wasi_snapshot_preview1', () => {
    const dir = tempDir('cove-cc-');
    const src = write(dir, 'prog.c', '#include <stdio.h>\nint main(int c, char **v) { printf("%d %s\\n", c, v[1]); return 3; }\n');
    const out = join(dir, 'prog.wasm');
    // No -O here: clang 14 would then run any wasm-opt on PATH, which drops the name section.
    expect(coveCc([src, '-o', out])).toBe(0);
    const module = new WebAssembly.Module(readFileSync(out));
    expect(new Set(WebAssembly.Module.imports(module).map((i) => i.module))).toEqual(new Set(['wasi_snapshot_preview1']));
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('_start');
    // No DWARF unless asked for, but the name section stays for readable traps.
    expect(WebAssembly.Module.customSections(module, '.debug_info')).toHaveLength(0);
    expect(WebAssembly.Module.customSections(module, 'name')).toHaveLength(1);

    const [node, ...rest] = wasiCommand('prog', out);
    expect(run(node!, [...rest, 'arg'])).toEqual({ stdout: '2 arg\n', stderr: '', status: 3 });
  });

  it('keeps debug info with -g', () => {
    const dir = tempDir('cove-cc-');
    const src = write(dir, 'g.c', 'int main(void) { return 0; }\n');
    expect(coveCc(['-g', src, '-o', join(dir, 'g.wasm')])).toBe(0);
    const module = new WebAssembly.Module(readFileSync(join(dir, 'g.wasm')));
    expect(WebAssembly.Module.customSections(module, '.debug_info').length).toBeGreaterThan(0);
  });

  it('compiles to an object with -c (no link step, no libraries)', () => {
    const dir = tempDir('cove-cc-');
    const src = write(dir, 'obj.c', 'int twice(int x) { return 2 * x; }\n');
    expect(coveCc(['-c', src, '-o', join(dir, 'obj.o')])).toBe(0);
    expect(readFileSync(join(dir, 'obj.o')).subarray(0, 4)).toEqual(Buffer.from('\0asm'));
  });

  it('passes clang failures through as its exit code', () => {
    const dir = tempDir('cove-cc-');
    const src = write(dir, 'bad.c', 'int main(void) { return }\n');
    // clang's diagnostic for this shows up in the test output: coveCc inherits stdio.
    expect(coveCc(['-c', src, '-o', join(dir, 'bad.o')])).toBe(1);
  });

  it('never falls back to glibc headers in /usr/include', () => {
    const dir = tempDir('cove-cc-');
    const src = write(dir, 'pwd.c', '#include <pwd.h>\nint main(void) { return 0; }\n');
    const r = clang(['-c', src, '-o', join(dir, 'pwd.o')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("'pwd.h' file not found");
  });

  it("enables wasi-libc's emulations (signal, process clocks, getpid, mman)", () => {
    const dir = tempDir('cove-cc-');
    const src = write(
      dir,
      'emu.c',
      '#include <signal.h>\n#include <time.h>\n#include <unistd.h>\n#include <sys/mman.h>\n' +
        'int main(void) { signal(SIGINT, SIG_IGN); void *p = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);\n' +
        '  return (clock() < 0) + (getpid() <= 0) + (p == MAP_FAILED); }\n',
    );
    const r = clang([src, '-o', join(dir, 'emu.wasm')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('links libcove before libc, and only an archive with members', () => {
    const dir = tempDir('cove-cc-');
    const lib = join(dir, 'lib');
    mkdirSync(lib);
    const impl = write(lib, 'probe.c', 'int cove_probe(void) { return 42; }\n');
    expect(clang(['-c', impl, '-o', join(lib, 'probe.o')]).status).toBe(0);
    const archive = join(lib, 'libcove.a');
    const ar = ['llvm-ar-14', 'llvm-ar'].find((name) => spawnSync(name, ['--version']).status === 0)!;
    expect(spawnSync(ar, ['rcsD', archive, join(lib, 'probe.o')]).status).toBe(0);

    const user = write(dir, 'user.c', 'int cove_probe(void);\nint main(void) { return cove_probe(); }\n');
    expect(clang([user, '-o', join(dir, 'with.wasm')], archive).status).toBe(0);
    const without = clang([user, '-o', join(dir, 'without.wasm')], '');
    expect(without.status).not.toBe(0);
    expect(without.stderr).toContain('undefined symbol: cove_probe');

    const empty = write(dir, 'empty.a', '!<arch>\n');
    expect(clangArgs(repoRoot, toolchain!, [user], { libcove: empty })).not.toContain(empty);
  });

  it('prints one line and returns 127 when the toolchain is missing', () => {
    process.env.COVE_CLANG = '/nonexistent/clang';
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    expect(coveCc(['x.c'])).toBe(127);
    expect(writes.join('')).toBe(
      'cove cc: clang with wasm32-wasi support not found; install: apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32\n',
    );
  });
});

describe('linksOutput', () => {
  it.each([
    [['a.c'], true],
    [['a.c', '-o', 'a.wasm', '-lm'], true],
    [['a.o', 'b.o'], true],
    [['-x', 'c', '-'], true],
    [['-c', 'a.c'], false],
    [['-S', 'a.c'], false],
    [['-E', 'a.c'], false],
    [['-fsyntax-only', 'a.c'], false],
    [['-MM', 'a.c'], false],
    [['--version'], false],
    [['-print-search-dirs'], false],
    [[], false],
    [['-o', 'out.wasm', '-I', 'inc', '-D', 'X=1'], false],
  ])('%j -> %s', (args, links) => {
    expect(linksOutput(args)).toBe(links);
  });
});

describe('findPackageRoot', () => {
  it("finds cove's root from the sources and from a bundle's directory", () => {
    expect(findPackageRoot(join(repoRoot, 'kernel', 'toolchain'))).toBe(repoRoot);
    expect(findPackageRoot(join(repoRoot, 'dist'))).toBe(repoRoot);
  });
  it('skips package.json files of other packages', () => {
    const dir = join(repoRoot, 'node_modules', 'assemblyscript', 'dist');
    expect(findPackageRoot(dir)).toBe(repoRoot);
  });
});
