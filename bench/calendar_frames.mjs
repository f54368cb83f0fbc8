// «Запись на приём» and «Календарь» in headless Chromium, with numbers and no assertions:
//   - the slot search as a person sees it: a click on an office → its 60 days on screen (request,
//     the backend's search, parsing, drawing), alternating between two offices;
//   - the calendar with 500 entries (charges due over the coming month): the app's CPU per frame in
//     the month view while the pointer moves over the days, and in the list while the wheel scrolls.
//       node bench/calendar_frames.mjs        (N=500 entries by default)
import { filledAndSignedIn, frameStats, formatStats as f, lib } from './frames.mjs';

const PHONE = '+79001234567';
const COUNT = Number(process.env.N || 500);
// Nothing to fill through /dev/.../fill: the entries are made below, one charge each.
const { server, browser, page, width, height } = await filledAndSignedIn('/dev/notifications/fill', PHONE, 1);
const t0Fill = Date.now();
for (let i = 0; i < COUNT; i += 25) {
  await Promise.all(Array.from({ length: Math.min(25, COUNT - i) }, (_, k) => fetch(`${server.url}api/v1/dev/charges`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone: PHONE, kind: 'tax', amount: 10000 + i + k, purpose: `Налог BENCH-${i + k}`, due_in_days: 1 + ((i + k) % 28) + 0.37 }) })));
}
const fillMs = Date.now() - t0Fill;

// Slot search, end to end.
await page.goto(`${server.url}#/appointments/new/health-1-1`);
await lib.heading(page, 'Запись на приём').waitFor();
const search = [];
for (let i = 0; i < 10; i++) {
  const office = i % 2 ? 'Городская поликлиника № 12' : 'Детская городская поликлиника № 3';
  await lib.settleFrames(page);
  const t = Date.now();
  await lib.click(page, lib.widget(page, 'radio', office));
  await page.locator('#a11y-root').getByRole('checkbox', { name: /свободн/ }).first().waitFor({ timeout: 30000 });
  search.push(Date.now() - t);
}
search.sort((a, b) => a - b);

// A reference on the same machine: the same pointer moves over a light page (the bookings list,
// empty). SwiftShader draws on the same two cores, so a frame's app time includes preemption.
await page.goto(`${server.url}#/appointments`);
await lib.heading(page, 'Предстоящие').waitFor();
await lib.settleFrames(page);
let t0 = await page.evaluate(() => performance.now());
for (let i = 0; i < 120; i++) {
  await page.mouse.move(80 + ((i * 37) % (width - 160)), 260 + ((i * 53) % (height - 300)));
  await page.waitForTimeout(16);
}
await page.waitForTimeout(300);
const baseline = await frameStats(page, t0);

// The calendar: month view, the pointer over the days.
await page.goto(`${server.url}#/calendar`);
await page.locator('#a11y-root').getByRole('button', { name: /событи/ }).first().waitFor({ timeout: 60000 });
await lib.settleFrames(page);
t0 = await page.evaluate(() => performance.now());
for (let i = 0; i < 120; i++) {
  await page.mouse.move(80 + ((i * 37) % (width - 160)), 260 + ((i * 53) % (height - 300)));
  await page.waitForTimeout(16);
}
await page.waitForTimeout(300);
const month = await frameStats(page, t0);
// Next month and back: the view moves inside what was loaded (no request).
// The list: every day that holds something, scrolled with the wheel.
await lib.click(page, lib.widget(page, 'checkbox', 'Список'));
await page.locator('#a11y-root').getByRole('link', { name: /BENCH/ }).first().waitFor({ timeout: 30000 });
await lib.settleFrames(page);
await page.mouse.move(width / 2, height * 0.6);
t0 = await page.evaluate(() => performance.now());
for (let i = 0; i < 150; i++) {
  await page.mouse.wheel(0, i < 75 ? 3000 : -3000);
  await page.waitForTimeout(16);
}
await page.waitForTimeout(300);
const list = await frameStats(page, t0);
console.log(`«Запись на приём» / «Календарь» in a ${width}×${height} window, ${COUNT} calendar entries (charges due, made in ${fillMs} ms)`);
console.log(`  slot search, click on an office → its 60 days on screen, 10 runs: p50 ${search[5]} ms, max ${search[9]} ms`);
console.log(`  reference, the same pointer over the (empty) bookings list: ${baseline.frames} frames, app CPU per frame ${f(baseline.app)}`);
console.log(`  month view, pointer moving over the days: ${month.frames} frames, app CPU per frame ${f(month.app)}`);
console.log(`  list view, wheel scrolling all ${COUNT}: ${list.frames} frames, app CPU per frame ${f(list.app)}`);
console.log(`    of which the mirror's DOM (${list.mirrorFrames} frames): ${f(list.mirror)}; WebGL submission ${f(list.gl)}`);
await browser.close();
await server.stop();
