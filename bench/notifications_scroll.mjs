// «Уведомления» with 5,000 items in the feed, in headless Chromium: CPU time per frame (the app's
// own measurement, web/glue.js frameLog) while the wheel scrolls the whole loaded feed, and how
// long the pages took to arrive. Prints numbers; asserts nothing.   node bench/notifications_scroll.mjs
import { filledAndSignedIn, frameStats, formatStats as f, lib } from './frames.mjs';

const PHONE = '+79001234567';
const COUNT = Number(process.env.N || 5000);
const { server, browser, page, width, height } = await filledAndSignedIn('/dev/notifications/fill', PHONE, COUNT);
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
const stats = await frameStats(page, t0);
const rows = await page.locator('#a11y-root [role=link]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).filter((n) => /BENCH/.test(n)));
console.log(`«Уведомления» with ${COUNT} items in a ${width}×${height} window`);
console.log(`  all pages loaded by scrolling to the end: ${loadMs} ms (${wheels} wheel turns, ${last ? 'oldest on screen' : ''})`);
console.log(`  scrolling: ${stats.frames} frames while the wheel turned 150 times`);
console.log(`  app CPU per frame (UI, ImGui, accessibility mirror): ${f(stats.app)}`);
console.log(`    of which the mirror's DOM, in ${stats.mirrorFrames} frames: ${f(stats.mirror)}; frames without it: ${f(stats.drawOnly)}`);
console.log(`  WebGL submission per frame (SwiftShader here): ${f(stats.gl)}`);
console.log(`  rows on screen now: ${rows.length}`);
await browser.close();
await server.stop();
