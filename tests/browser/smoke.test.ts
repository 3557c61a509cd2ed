// Browser smoke test: dist/browser/ (the browser bundle) runs real guests in
// Debian's chromium. A tiny HTTP server serves the bundle, a test page and two
// guests with the cross-origin isolation headers SharedArrayBuffer needs; the page
// (page.js below) runs the guests and leaves what it saw in `window.smoke`.

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const haveChromium = existsSync(CHROMIUM);

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>cove browser smoke test</title>
<link rel="icon" href="data:,">
<script type="module" src="/page.js"></script>
`;

// Runs in the page. Plain JS, served as-is, so nothing the test runner's
// transpiler adds can leak into the browser.
const PAGE_JS = `
import { createKernel } from "/cove.js";

const text = (chunks) => new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
const load = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());

async function run() {
  const inherited = { stdout: [], stderr: [] };
  const logs = [];
  const kernel = await createKernel({
    files: { "/data/in.txt": "hello from memfs\\n" },
    stdout: (b) => inherited.stdout.push(b),
    stderr: (b) => inherited.stderr.push(b),
    logSink: (line) => logs.push(line),
  });
  const [hello, cat, sleep] = await Promise.all(["hello", "cat", "sleep"].map((g) => load("/guests/" + g + ".wasm")));
  const out = { crossOriginIsolated: globalThis.crossOriginIsolated };

  // stdout "inherit": the kernel's stdout callback.
  const h = await kernel.spawn(hello, { args: ["hello"] });
  out.hello = { ...(await h.exited), stdout: text(inherited.stdout) };

  // A per-process stdout callback; the file lives in the in-memory file system.
  const got = [];
  const c = await kernel.spawn(cat, { args: ["cat", "/data/in.txt"], stdout: (b) => got.push(b) });
  out.cat = { ...(await c.exited), stdout: text(got) };

  // stdin from the page (a channel the page writes without blocking), stdout as a stream.
  const p = await kernel.spawn(cat, { args: ["cat"], stdin: "piped\\n", stdout: "pipe" });
  const piped = [];
  for await (const b of p.stdout) piped.push(b);
  out.piped = { ...(await p.exited), stdout: text(piped) };

  // An error path: stderr "inherit" reaches the kernel's stderr callback.
  const m = await kernel.spawn(cat, { args: ["cat", "/data/missing"] });
  out.missing = { ...(await m.exited), stderr: text(inherited.stderr) };

  // A kill: the page terminates the worker (which sends no event) and releases the process.
  const s = await kernel.spawn(sleep, { args: ["sleep", "10"] });
  await new Promise((r) => setTimeout(r, 200));
  s.kill(9);
  out.killed = await s.exited;

  out.stats = kernel.stats();
  out.logs = logs;
  return out;
}

window.smoke = run().catch((e) => ({ error: String(e && e.stack ? e.stack : e) }));
`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** What the server serves: URL path -> [content type, body]. Nothing else is reachable. */
function routes(): Map<string, [string, Buffer | string]> {
  const r = new Map<string, [string, Buffer | string]>();
  r.set('/', [TYPES['.html']!, PAGE]);
  r.set('/page.js', [TYPES['.js']!, PAGE_JS]);
  for (const f of ['cove.js', 'cove.js.map', 'worker.js', 'worker.js.map']) {
    const path = join(root, 'dist', 'browser', f);
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`node build/build.mjs\` first`);
    r.set(`/${f}`, [TYPES[f.slice(f.lastIndexOf('.'))]!, readFileSync(path)]);
  }
  for (const g of ['hello.wasm', 'cat.wasm', 'sleep.wasm']) {
    r.set(`/guests/${g}`, [TYPES['.wasm']!, readFileSync(join(root, 'guests', 'bin', g))]);
  }
  return r;
}

function serve(): Promise<Server> {
  const files = routes();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files.get(path);
    // Cross-origin isolation (crossOriginIsolated, SharedArrayBuffer) needs both headers.
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cache-Control', 'no-store');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('browser', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let result: any;

  beforeAll(async () => {
    if (!haveChromium) return;
    server = await serve();
    const { port } = server.address() as AddressInfo;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console.error: ${m.text()}`);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction('window.smoke !== undefined', undefined, { timeout: 15_000 });
    result = await page.evaluate('window.smoke');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  const name = haveChromium ? 'runs guests in chromium' : `runs guests in chromium (skipped: ${CHROMIUM} is not installed)`;
  it.skipIf(!haveChromium)(name, () => {
    expect(result?.error, pageErrors.join('\n')).toBeUndefined();
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.hello).toEqual({ code: 0, stdout: 'hello, world\n' });
    expect(result.cat).toEqual({ code: 0, stdout: 'hello from memfs\n' });
    expect(result.piped).toEqual({ code: 0, stdout: 'piped\n' });
    expect(result.missing).toEqual({ code: 1, stderr: 'cat: /data/missing: No such file or directory\n' });
    expect(result.killed).toEqual({ code: 137, signal: 9 });
    expect(result.stats.running).toBe(0);
    expect(result.stats.processes).toBe(0);
    expect(result.logs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
