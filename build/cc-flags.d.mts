// Types for cc-flags.mjs, so kernel/toolchain/cc.ts can import it under strict TypeScript.

export interface Toolchain {
  /** The clang executable (a name on PATH or a path). */
  clang: string;
  /** The wasi-libc sysroot passed as --sysroot. */
  sysroot: string;
  /** wasi-libc's header directory inside the sysroot. */
  include: string;
}

export const TARGET: string;
export const MISSING_TOOLCHAIN: string;
export function findPackageRoot(fromDir: string): string;
export function findToolchain(env?: NodeJS.ProcessEnv): Toolchain | null;
export function linksOutput(args: readonly string[]): boolean;
export function clangArgs(
  root: string,
  toolchain: Toolchain,
  args: readonly string[],
  options?: { libcove?: string | undefined },
): string[];
