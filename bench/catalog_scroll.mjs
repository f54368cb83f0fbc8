// Scrolling «Все услуги» with 10,000 services in headless Chromium: CPU time per frame (the
// app's own measurement of each frame, web/glue.js frameLog) while the wheel scrolls the list.
// Prints numbers; asserts nothing.   node bench/catalog_scroll.mjs
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const lib = await import(path.join(ROOT, 'tests/browser/lib.mjs'));

const server = await lib.startServer();
const browser = await lib.launch();
// W and H set the window size (default 1280×800); a smaller window gives software GL less to draw.
const width = Number(process.env.W || 1280), height = Number(process.env.H || 800);
const page = await lib.openPage(browser, `${server.url}?catalog_size=10000#/catalog/all`, { width, height });
await lib.waitForApp(page);
await page.locator('#a11y-root').getByText(/Найдено услуг: 10.?000/).first().waitFor({ timeout: 60000 });
await page.waitForTimeout(500);
const t0 = await page.evaluate(() => performance.now());
await page.mouse.move(width / 2, height * 0.6);
for (let i = 0; i < 150; i++) {
  await page.mouse.wheel(0, 400);
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
const rows = await page.locator('#a11y-root [role=link]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).filter((n) => /вариант/.test(n)));
const f = (s) => `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
console.log(`scrolling 10,000 services in a ${width}×${height} window: ${stats.frames} frames while the wheel turned 150 times`);
console.log(`  app CPU per frame (UI, ImGui, accessibility mirror): ${f(stats.app)}`);
console.log(`  WebGL submission per frame (waits on the GPU process; SwiftShader here): ${f(stats.gl)}`);
console.log(`  rows on screen now: ${rows.length}, e.g. «${rows[0] || '-'}»`);
await browser.close();
await server.stop();
