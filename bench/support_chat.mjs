// Benchmark: the support chat's delivery. An operator's message (the reference backend's simulated
// operator, made to write now through the development interface) → the citizen's screen: commit →
// support_message event → stream → GET /support/chat?after= → frame → accessibility mirror (which
// follows the canvas at most every 100 ms). Also the citizen's own message: click «Отправить» →
// on screen (POST → reply → frame). 30 of each. Prints p50/p95/max.
//   node bench/support_chat.mjs        (after tools/build.sh web)
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const lib = await import(path.join(ROOT, 'tests/browser/lib.mjs'));
const COUNT = 30;

const server = await lib.startServer({ seed: true });
const browser = await lib.launch();
const mirror = (page) => page.locator('#a11y-root');
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const line = (xs) => `p50 ${pct(xs, 0.5).toFixed(0)} ms, p95 ${pct(xs, 0.95).toFixed(0)} ms, max ${xs[xs.length - 1].toFixed(0)} ms`;

async function watch(page, text) {
  await page.evaluate((t) => {
    window.__seenAt = 0;
    const root = document.querySelector('#a11y-root');
    const obs = new MutationObserver(() => {
      if (root.textContent.includes(t)) { window.__seenAt = performance.timeOrigin + performance.now(); obs.disconnect(); }
    });
    obs.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  }, text);
}

try {
  const page = await lib.openPage(browser, `${server.url}#/profile`, { width: 1280, height: 1400 });
  await lib.waitForApp(page);
  await lib.passwordStep(page, '+79001234567', 'Gosuslugi2026');
  await lib.codeStep(page, server, '+79001234567');
  await page.goto(`${server.url}#/support/chat`);
  await lib.click(page, await lib.scrollTo(page, lib.widget(page, 'button', 'Позвать оператора')));
  await mirror(page).getByText(/^Оператор \S+, .*Здравствуйте!/).waitFor({ timeout: 30000 });
  const number = (await mirror(page).getByText(/^Номер разговора: SP-/).textContent()).match(/SP-\d{4}-\d{6}/)[0];

  const operator = [];
  for (let i = 0; i < COUNT; i++) {
    const text = `Ответ оператора для замера ${i + 1}`;
    await watch(page, text);
    await lib.settleFrames(page);
    const sentAt = Date.now();
    const res = await fetch(`${server.url}api/v1/dev/support/chats/${number}/say`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });
    if (res.status !== 201) throw new Error(`say: ${res.status} ${await res.text()}`);
    await page.waitForFunction(() => window.__seenAt > 0, null, { timeout: 30000, polling: 10 });
    operator.push((await page.evaluate(() => window.__seenAt)) - sentAt);
  }
  operator.sort((x, y) => x - y);
  console.log(`support chat, an operator's message → on the citizen's screen, ${COUNT} messages: ${line(operator)}`);

  const own = [];
  for (let i = 0; i < COUNT; i++) {
    const text = `Сообщение гражданина для замера ${i + 1}`;
    await lib.typeInto(page, await lib.scrollTo(page, lib.widget(page, 'textbox', 'Сообщение')), text);
    await watch(page, `: ${text}`);
    const send = await (await lib.scrollTo(page, lib.widget(page, 'button', 'Отправить'))).boundingBox();
    await lib.settleFrames(page);
    const sentAt = Date.now();
    await page.mouse.click(send.x + send.width / 2, send.y + send.height / 2);
    await page.waitForFunction(() => window.__seenAt > 0, null, { timeout: 30000, polling: 10 });
    own.push((await page.evaluate(() => window.__seenAt)) - sentAt);
  }
  own.sort((x, y) => x - y);
  console.log(`support chat, the citizen's click «Отправить» → the message on screen, ${COUNT} messages: ${line(own)}`);
} finally {
  await browser.close();
  await server.stop();
}
