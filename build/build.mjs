// Builds everything `npm start`, `npm test` and the package need, with no C
// toolchain: the AssemblyScript core (build/out/core.wasm), the Node bundles
// (dist/index.js, dist/worker.js, dist/cli.js) and the browser bundle
// (dist/browser/). Type declarations come from `tsc` (npm run types).

import { build } from "esbuild";
import asc from "assemblyscript/asc";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
mkdirSync("build/out", { recursive: true });

const { error, stderr } = await asc.main(["--config", "asconfig.json", "--target", "release"], {});
if (error) {
  process.stderr.write(stderr.toString());
  process.stderr.write(`build: core.wasm failed: ${error.message}\n`);
  process.exit(1);
}

const common = {
  bundle: true,
  format: "esm",
  target: "es2022",
  loader: { ".wasm": "binary" },
  sourcemap: "linked",
  logLevel: "warning",
};

await build({
  ...common,
  platform: "node",
  entryPoints: {
    index: "kernel/index.ts",
    worker: "kernel/host/node/worker.ts",
    cli: "kernel/cli/main.ts",
  },
  outdir: "dist",
  // Bundled CommonJS dependencies may call require(); give ESM output one.
  banner: { js: "import { createRequire as __coveRequire } from 'node:module'; const require = __coveRequire(import.meta.url);" },
});

// The browser bundle: the library and the guest worker, side by side (the
// platform finds worker.js relative to cove.js's import.meta.url).
await build({
  ...common,
  platform: "browser",
  entryPoints: {
    cove: "kernel/host/browser/index.ts",
    worker: "kernel/host/browser/worker.ts",
  },
  outdir: "dist/browser",
});

process.stdout.write("build: core.wasm and dist/ are up to date\n");
