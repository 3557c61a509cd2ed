// Input files for the guest tests, generated (deterministically) into a temp dir.

import { chmodSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './util.js';

export interface Fixtures {
  dir: string;
  /** Prose with tabs, runs of blanks, control characters and bytes >= 0x80. */
  text: string;
  /** 100 numbered lines. */
  lines: string;
  /** Text whose last line has no '\n'. */
  partial: string;
  empty: string;
  /** Words for sort, with duplicates and mixed case. */
  words: string;
  /** Numbers for sort -n: negatives, decimals, leading blanks and zeros, junk, blank lines. */
  numbers: string;
  /** A small directory tree for ls (see makeTree). */
  tree: string;
  missing: string;
}

/** A tiny LCG, so "random" inputs are the same on every run and machine. */
function* random(seed: number): Generator<number> {
  let x = seed >>> 0;
  for (;;) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    yield x;
  }
}

function makeWords(): string {
  const vocabulary = ['apple', 'Apple', 'banana', 'cherry', 'date', 'a', 'A', 'zebra', 'Zulu', 'mango', '', 'b a', ' b', 'b'];
  const rng = random(42);
  const out: string[] = [];
  for (let i = 0; i < 200; i++) out.push(vocabulary[rng.next().value % vocabulary.length]!);
  return `${out.join('\n')}\n`;
}

function makeNumbers(): string {
  const fixed = ['0', '-0', '00', '0.0', '-', '.', '', 'abc', '  42', '\t-7', '042', '3.14', '3.140', '-3.14', '1e3', '+5', '1,000', '007x', '.5', '-.5', '5.', '99999999999999999999', '100000000000000000000'];
  const rng = random(7);
  const out = [...fixed];
  for (let i = 0; i < 150; i++) {
    const n = rng.next().value;
    const sign = n % 3 === 0 ? '-' : '';
    const frac = n % 5 === 0 ? `.${n % 100}` : '';
    out.push(`${sign}${(n >>> 8) % 1000}${frac}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * tree/ holds regular files of several sizes and modes (setuid, executable), a dotfile, a
 * subdirectory, a sticky directory, a symlink and a dangling symlink; mtimes cover GNU's
 * three date formats' cases: recent, older than six months, and in the future.
 */
function makeTree(dir: string): string {
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  mkdirSync(join(tree, 'sticky'));
  chmodSync(join(tree, 'sticky'), 0o1777);
  writeFileSync(join(tree, 'sub', 'inner.txt'), 'inner\n');
  writeFileSync(join(tree, 'a.txt'), 'ten bytes\n');
  writeFileSync(join(tree, 'B.txt'), 'x'.repeat(5000));
  writeFileSync(join(tree, '.hidden'), 'hidden\n');
  writeFileSync(join(tree, 'run.sh'), '#!/bin/sh\n');
  chmodSync(join(tree, 'run.sh'), 0o4755);
  writeFileSync(join(tree, 'private'), '');
  chmodSync(join(tree, 'private'), 0o600);
  symlinkSync('a.txt', join(tree, 'link'));
  symlinkSync('nowhere', join(tree, 'dangling'));
  utimesSync(join(tree, 'B.txt'), new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
  utimesSync(join(tree, 'private'), new Date('2099-01-01T00:00:00Z'), new Date('2099-01-01T00:00:00Z'));
  return tree;
}

let fixtures: Fixtures | undefined;

export function getFixtures(): Fixtures {
  if (fixtures) return fixtures;
  const dir = tempDir('cove-fixtures-');
  const file = (name: string, content: string | Buffer): string => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const numbered = Array.from({ length: 100 }, (_, i) => `line ${i + 1}: ${'word '.repeat(i % 7)}end`);
  fixtures = {
    dir,
    text: file(
      'text.txt',
      Buffer.from(
        'The quick  brown fox\tjumps over\n\nthe lazy dog.\r\n  leading and trailing  \n' +
          'ctrl\x01inside \x01 alone\x7f\n\xe9t\xe9 caf\xe9 \xff\n\v\f tabs\t\tand form feeds\n',
        'latin1',
      ),
    ),
    lines: file('lines.txt', `${numbered.join('\n')}\n`),
    partial: file('partial.txt', 'first\nsecond\nno newline at the end'),
    empty: file('empty.txt', ''),
    words: file('words.txt', makeWords()),
    numbers: file('numbers.txt', makeNumbers()),
    tree: makeTree(dir),
    missing: join(dir, 'does-not-exist'),
  };
  return fixtures;
}
