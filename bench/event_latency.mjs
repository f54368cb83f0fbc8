// Benchmark: a change on the server until it is on the screen. A citizen has «Профиль» open in
// headless Chromium; another device (bench/profile_writer.py) changes the residence address 50
// times; each time the page's accessibility mirror (what a screen reader reads, updated from the
// frame that draws it) is watched for the new address. The time counts from just before the other
// device sends its change (so it includes that request) to the mirror showing it — the path is
// PUT → commit → event → stream → GET /profile → frame. Prints p50/p95/max; asserts nothing.
//   node bench/event_latency.mjs        (after tools/build.sh web)
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const lib = await import(path.join(ROOT, 'tests/browser/lib.mjs'));
const PHONE = '+79001234568';
const N = 50;

const server = await lib.startServer({ seed: true });
const browser = await lib.launch();
try {
  const page = await lib.openPage(browser, `${server.url}#/profile`, { width: 1280, height: 1400 });
  await lib.waitForApp(page);
  await lib.passwordStep(page, PHONE, 'Gosuslugi2026');
  await lib.codeStep(page, server, PHONE);
  await page.waitForFunction(() => document.querySelector('#a11y-root')?.textContent.includes('Адрес проживания'));

  const writer = spawn('/usr/bin/python3', [path.join(ROOT, 'bench/profile_writer.py'), server.url, PHONE, 'Gosuslugi2026'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: writer.stdout })[Symbol.asyncIterator]();
  if ((await lines.next()).value !== 'ready') throw new Error('the other device could not sign in');

  const latencies = [];
  for (let i = 0; i < N; i++) {
    const address = `125009, г. Москва, ул. Тверская, д. ${100 + i}`;
    // Watch the mirror from inside the page: the moment the text appears, not when we poll.
    await page.evaluate((text) => {
      window.__seenAt = 0;
      const root = document.querySelector('#a11y-root');
      const obs = new MutationObserver(() => {
        if (root.textContent.includes(text)) { window.__seenAt = performance.timeOrigin + performance.now(); obs.disconnect(); }
      });
      obs.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    }, `Адрес проживания: ${address}`);
    const sentAt = Date.now();
    writer.stdin.write(`${address}\n`);
    if ((await lines.next()).value !== 'ok') throw new Error('the change failed');
    await page.waitForFunction(() => window.__seenAt > 0, null, { timeout: 30000, polling: 10 });
    latencies.push((await page.evaluate(() => window.__seenAt)) - sentAt);
  }
  writer.stdin.end();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(`server change → on screen, ${N} changes: p50 ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.stop();
}
