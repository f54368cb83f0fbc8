// Benchmark of the browser shell: sizes of the shipped files (raw and gzip), what a first visit
// actually transfers (bodies as sent, gzip, counted in Chromium — the budget is on this: files
// fetched later, like the English catalog, are not in it unless the address asks for English),
// time from navigation to the first rendered frame in headless Chromium (median of 5), and
// frames rendered in 5 idle seconds after load. Prints numbers; asserts nothing.
//   node bench/shell_load.mjs        (after tools/build.sh web)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// The browser tests' helpers (server start, Chromium flags) are reused as they are.
const lib = await import(path.join(ROOT, 'tests/browser/lib.mjs'));

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  });
}

const files = listFiles(lib.DIST).sort();
let raw = 0, gz = 0;
console.log('file                               raw bytes   gzip -9 bytes');
for (const f of files) {
  const data = readFileSync(path.join(lib.DIST, f));
  const g = gzipSync(data, { level: 9 }).length;
  raw += data.length; gz += g;
  console.log(`${f.padEnd(32)} ${String(data.length).padStart(10)} ${String(g).padStart(14)}`);
}
console.log(`${'TOTAL shipped'.padEnd(32)} ${String(raw).padStart(10)} ${String(gz).padStart(14)}  (${(gz / 1024).toFixed(1)} KiB gzip)`);

const server = await lib.startServer();
const browser = await lib.launch();
// What a first visit transfers, until the first frame and the page's own requests have settled.
async function firstVisit(query) {
  const page = await lib.openPage(browser, null);
  const sizes = [];
  page.on('requestfinished', async (req) => {
    if (!req.url().startsWith(server.url)) return;
    const s = await req.sizes().catch(() => null);
    if (s) sizes.push({ url: req.url().slice(server.url.length).split('?')[0] || '/', body: s.responseBodySize });
  });
  await page.goto(server.url + query);
  await lib.waitForApp(page);
  await page.waitForFunction(() => window.__lk.module && window.__lk.module._app_requests_in_flight() === 0);
  await page.context().close();
  const files = sizes.filter((s) => !s.url.startsWith('api/'));
  const total = files.reduce((n, s) => n + s.body, 0);
  return { total, files, api: sizes.length - files.length };
}
for (const [name, query] of [['Russian (default)', ''], ['English (?lang=en)', '?lang=en']]) {
  const v = await firstVisit(query);
  console.log(`first visit, ${name}: ${v.files.length} files, ${v.total} bytes as sent (${(v.total / 1024).toFixed(1)} KiB) + ${v.api} API calls`);
  if (!query) for (const f of v.files) console.log(`  ${f.url.padEnd(30)} ${String(f.body).padStart(9)}`);
}
const times = [];
let idle = [];
for (let i = 0; i < 5; i++) {
  const page = await lib.openPage(browser, null);
  await page.goto(server.url);
  await lib.waitForApp(page);
  const firstFrameMs = await page.evaluate(() => window.__lk.firstFrameMs);
  times.push(firstFrameMs);
  if (i === 0) {
    await page.waitForTimeout(1000);
    const a = await lib.framesDrawn(page);
    await page.waitForTimeout(5000);
    const b = await lib.framesDrawn(page);
    idle = [a, b - a];
  }
  await page.context().close();
}
times.sort((a, b) => a - b);
console.log(`first frame after navigation (ms), 5 runs: ${times.map((t) => t.toFixed(0)).join(', ')}; median ${times[2].toFixed(0)}`);
console.log(`frames drawn by 1 s after load: ${idle[0]}; frames drawn in the next 5 idle seconds: ${idle[1]}`);
await browser.close();
await server.stop();
