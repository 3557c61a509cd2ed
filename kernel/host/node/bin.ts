// Cove's own /bin: the prebuilt guests in guests/bin, found beside the package.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FileTree } from "../../kernel.js";

/** guests/bin of this package (dist/ and kernel/host/node/ both sit below the root). */
function binDir(): string | undefined {
  for (const rel of ["../guests/bin/", "../../../guests/bin/"]) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return undefined;
}

/** The guests as an in-memory tree: /bin/cat, /bin/sh, ... (without the .wasm suffix). */
export function coveBin(): FileTree {
  const dir = binDir();
  const tree: FileTree = {};
  if (!dir) return tree;
  for (const name of readdirSync(dir)) {
    if (name.endsWith(".wasm")) tree[name.slice(0, -5)] = readFileSync(dir + name);
  }
  return tree;
}
