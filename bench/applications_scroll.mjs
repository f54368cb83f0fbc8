// «Мои заявления» with 5,000 applications (the most the client keeps), in headless Chromium: how long the pages of the list
// take to arrive, then CPU time per frame (the app's own measurement, web/glue.js frameLog) while
// the wheel scrolls through the list and back. Prints numbers; asserts nothing.
//   node bench/applications_scroll.mjs            (N=1000 for a thousand)
import { filledAndSignedIn, frameStats, formatStats as f, lib } from './frames.mjs';

const PHONE = '+79161112233';  // Петров: a handful of demo applications, then the filler
const COUNT = Number(process.env.N || 5000);
const { server, browser, page, width, height } = await filledAndSignedIn('/dev/applications/fill', PHONE, COUNT);

// Every page of the list: from opening the screen until the count says all are here.
const loadStart = Date.now();
await page.goto(`${server.url}#/applications`);
const count = page.locator('#a11y-root').getByRole('status').filter({ hasText: /Показано \d+ заявлени/ });
let shown = 0;
while (shown < COUNT && Date.now() - loadStart < 120000) {
  await count.first().waitFor({ timeout: 60000 });
  shown = Number(((await count.first().textContent()) || '').replace(/\D/g, ''));
  if (shown < COUNT) await lib.settleFrames(page, { quiet: 50 });
}
const loadMs = Date.now() - loadStart;
await lib.settleIdle(page);

// Down through a long stretch of the list and back, measuring every frame.
const t0 = await page.evaluate(() => performance.now());
await page.mouse.move(width / 2, height * 0.6);
for (let i = 0; i < 150; i++) {
  await page.mouse.wheel(0, i < 75 ? 4000 : -4000);
  await page.waitForTimeout(16);
}
await lib.settleIdle(page);
const stats = await frameStats(page, t0);
const cards = await page.locator('#a11y-root [role=button]').evaluateAll((els) => els.filter((e) => /Подробнее о заявлении/.test(e.getAttribute('aria-label') || e.textContent)).length);
const heap = await page.evaluate(() => window.__lk.module.HEAP8.length);
console.log(`«Мои заявления» with ${shown} applications (${COUNT} filled) in a ${width}×${height} window`);
console.log(`  every page of the list loaded: ${loadMs} ms`);
console.log(`  scrolling: ${stats.frames} frames while the wheel turned 150 times`);
console.log(`  app CPU per frame (UI, ImGui, accessibility mirror): ${f(stats.app)}`);
console.log(`    of which the mirror's DOM, in ${stats.mirrorFrames} frames: ${f(stats.mirror)}; frames without it: ${f(stats.drawOnly)}`);
console.log(`  WebGL submission per frame (SwiftShader here): ${f(stats.gl)}`);
console.log(`  cards drawn now: ${cards}; WebAssembly memory: ${(heap / 1048576).toFixed(1)} MiB`);
await browser.close();
await server.stop();
