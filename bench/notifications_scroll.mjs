// «Уведомления» with 5,000 items in the feed, in headless Chromium: CPU time per frame (the app's
// own measurement, web/glue.js frameLog) while the wheel scrolls the whole loaded feed, and how
// long the pages took to arrive. Prints numbers; asserts nothing.   node bench/notifications_scroll.mjs
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const lib = await import(path.join(ROOT, 'tests/browser/lib.mjs'));
const PHONE = '+79001234567';
const COUNT = Number(process.env.N || 5000);

const server = await lib.startServer({ seed: true });
const fill = await fetch(`${server.url}api/v1/dev/notifications/fill`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone: PHONE, count: COUNT }) });
if (fill.status !== 200) throw new Error(`fill: ${fill.status} ${await fill.text()}`);
const browser = await lib.launch();
const width = Number(process.env.W || 1280), height = Number(process.env.H || 800);
const page = await lib.openPage(browser, `${server.url}#/profile`, { width, height });
await lib.waitForApp(page);
await lib.passwordStep(page, PHONE, 'Gosuslugi2026');
await lib.codeStep(page, server, PHONE);
await page.goto(`${server.url}#/notifications`);
await page.locator('#a11y-root').getByRole('link', { name: /BENCH-0/ }).first().waitFor({ timeout: 60000 });

// Load every page: wheel to the end until the oldest filled item is on screen.
const last = page.locator('#a11y-root').getByRole('link', { name: /№ BENCH-00000:/ });
const loadStart = Date.now();
await page.mouse.move(width / 2, height * 0.6);
let wheels = 0;
while (await last.count() === 0 && wheels < 2000) {
  await page.mouse.wheel(0, 20000);
  wheels++;
  await lib.settleFrames(page, { quiet: 60 });
}
const loadMs = Date.now() - loadStart;

// Scroll back up through all of it, then down again, measuring every frame.
await page.waitForTimeout(300);
const t0 = await page.evaluate(() => performance.now());
for (let i = 0; i < 150; i++) {
  await page.mouse.wheel(0, i < 75 ? -4000 : 4000);
  await page.waitForTimeout(16);
}
await page.waitForTimeout(300);
const stats = await page.evaluate((since) => {
  const log = window.__lk.glue.frameLog.filter(([t]) => t >= since);
  const pct = (xs) => {
    xs.sort((a, b) => a - b);
    const q = (p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
    return { p50: q(0.5), p95: q(0.95), max: xs[xs.length - 1] };
  };
  return { frames: log.length, app: pct(log.map(([, all, gl]) => all - gl)), gl: pct(log.map(([, , gl]) => gl)) };
}, t0);
const rows = await page.locator('#a11y-root [role=link]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).filter((n) => /BENCH/.test(n)));
const f = (s) => `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
console.log(`«Уведомления» with ${COUNT} items in a ${width}×${height} window`);
console.log(`  all pages loaded by scrolling to the end: ${loadMs} ms (${wheels} wheel turns, ${last ? 'oldest on screen' : ''})`);
console.log(`  scrolling: ${stats.frames} frames while the wheel turned 150 times`);
console.log(`  app CPU per frame (UI, ImGui, accessibility mirror): ${f(stats.app)}`);
console.log(`  WebGL submission per frame (SwiftShader here): ${f(stats.gl)}`);
console.log(`  rows on screen now: ${rows.length}`);
await browser.close();
await server.stop();
