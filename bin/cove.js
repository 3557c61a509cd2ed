#!/usr/bin/env node
// The `cove` command. The CLI itself is bundled into dist/cli.js by `npm run build`
// (npm install runs it too).
import { existsSync } from "node:fs";
const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("cove: not built yet; run `npm run build` in the cove package\n");
  process.exit(1);
}
await import(cli.href);
