// Scrolling «Все услуги» with 10,000 services in headless Chromium: CPU time per frame (the
// app's own measurement of each frame, web/glue.js frameLog) while the wheel scrolls the list.
// Prints numbers; asserts nothing.   node bench/catalog_scroll.mjs
import { lib, frameStats, formatStats as f } from './frames.mjs';

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
const stats = await frameStats(page, t0);
const rows = await page.locator('#a11y-root [role=link]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).filter((n) => /вариант/.test(n)));
console.log(`scrolling 10,000 services in a ${width}×${height} window: ${stats.frames} frames while the wheel turned 150 times`);
console.log(`  app CPU per frame (UI, ImGui, accessibility mirror): ${f(stats.app)}`);
console.log(`    of which the mirror's DOM, in ${stats.mirrorFrames} frames: ${f(stats.mirror)}; frames without it: ${f(stats.drawOnly)}`);
console.log(`  WebGL submission per frame (waits on the GPU process; SwiftShader here): ${f(stats.gl)}`);
console.log(`  rows on screen now: ${rows.length}, e.g. «${rows[0] || '-'}»`);
await browser.close();
await server.stop();
