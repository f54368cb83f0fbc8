// Benchmark: an application's status changed by the agency until the open application page shows
// it. A demo citizen has an application open in headless Chromium; the development interface's
// agency moves it (accepted → in progress → needs info → expired, and the others likewise), and
// the page's accessibility mirror is watched for «Статус: …» of the new status. Counted from just
// before the agency's request to the mirror showing it: POST → commit → event → stream → GET
// /applications/{n} → frame. 6 moves per seeded backend, 4 backends: 24 changes. Prints p50/p95/max.
//   node bench/status_latency.mjs        (after tools/build.sh web)
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const lib = await import(path.join(ROOT, 'tests/browser/lib.mjs'));
const PHONE = '+79001234567';
const LABELS = { in_progress: 'В обработке', needs_info: 'Требуются уточнения', expired: 'Срок истёк' };
const PLAN = { accepted: ['in_progress', 'needs_info', 'expired'], in_progress: ['needs_info', 'expired'], needs_info: ['expired'] };

const latencies = [];
const browser = await lib.launch();
try {
  for (let round = 0; round < 4; round++) {
    const server = await lib.startServer({ seed: true });
    try {
      const page = await lib.openPage(browser, `${server.url}#/profile`, { width: 1280, height: 2400 });
      await lib.waitForApp(page);
      await lib.passwordStep(page, PHONE, 'Gosuslugi2026');
      await lib.codeStep(page, server, PHONE);
      await page.goto(`${server.url}#/applications`);
      await lib.text(page, 'Статус: Принято').waitFor({ timeout: 30000 });
      const names = await page.locator('#a11y-root').getByRole('button').evaluateAll(
        (els) => els.map((e) => e.getAttribute('aria-label') || e.textContent).filter((n) => n && n.startsWith('Подробнее о заявлении № ')));
      for (const name of names) {
        const number = name.slice('Подробнее о заявлении № '.length);
        const probe = await fetch(`${server.url}api/v1/dev/agency/applications/${number}/plan`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ outcome: 'done', next_in: 86400 }) });
        if (probe.status !== 200) continue;  // a final status
        const moves = PLAN[(await probe.json()).status] || [];
        if (!moves.length) continue;
        await page.goto(`${server.url}#/applications/view/${number}`);
        await lib.heading(page, 'История статусов').waitFor({ timeout: 30000 });
        for (const to of moves) {
          await page.evaluate((text) => {
            window.__seenAt = 0;
            const root = document.querySelector('#a11y-root');
            const obs = new MutationObserver(() => {
              if (root.textContent.includes(text)) { window.__seenAt = performance.timeOrigin + performance.now(); obs.disconnect(); }
            });
            obs.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
          }, `Статус: ${LABELS[to]}`);
          const body = { status: to, comment: 'bench' };
          if (to === 'needs_info') Object.assign(body, { question: 'Уточните адрес', answer_days: 10 });
          const sentAt = Date.now();
          const res = await fetch(`${server.url}api/v1/dev/agency/applications/${number}/status`, {
            method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
          if (res.status !== 200) throw new Error(`move to ${to}: ${res.status} ${await res.text()}`);
          await page.waitForFunction(() => window.__seenAt > 0, null, { timeout: 30000, polling: 10 });
          latencies.push((await page.evaluate(() => window.__seenAt)) - sentAt);
        }
      }
      await page.context().close();
    } finally {
      await server.stop();
    }
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(`status change by the agency → on the open application page, ${latencies.length} changes: ` +
              `p50 ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
} finally {
  await browser.close();
}
