// Benchmark: a chat message in a collaboration room, from the sender's click on «Отправить» to the
// other member's screen. Two people in two headless Chromiums (one each: a page that is not in
// front gets its frames throttled), one room made through the UI — created, invited, accepted,
// admitted, the key sealed on the device. Then Иванов sends 30 messages; Иванова's accessibility
// mirror is watched for each text. Counted from just before the click to the mirror showing it:
// encrypt → POST → commit → room_message event → stream → GET messages → decrypt → frame → mirror
// (which follows the canvas at most every 100 ms). Prints p50/p95/max.
//   node bench/room_delivery.mjs        (after tools/build.sh web)
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const lib = await import(path.join(ROOT, 'tests/browser/lib.mjs'));
const A = '+79001234567', B = '+79001234568';
const TITLE = 'Замер доставки';
const COUNT = 30;

const server = await lib.startServer({ seed: true });
const browsers = [await lib.launch(), await lib.launch()];
const mirror = (page) => page.locator('#a11y-root');
try {
  const pages = [];
  for (const [i, phone] of [A, B].entries()) {
    const page = await lib.openPage(browsers[i], `${server.url}#/profile`, { width: 1280, height: 1400 });
    await lib.waitForApp(page);
    await lib.passwordStep(page, phone, 'Gosuslugi2026');
    await lib.codeStep(page, server, phone);
    pages.push(page);
  }
  const [a, b] = pages;
  await a.goto(`${server.url}#/rooms`);
  await lib.click(a, await lib.scrollTo(a, lib.widget(a, 'button', 'Создать комнату')));
  await lib.typeInto(a, lib.widget(a, 'textbox', 'Название'), TITLE);
  await lib.click(a, await lib.scrollTo(a, lib.widget(a, 'button', 'Создать')));
  await lib.heading(a, TITLE).waitFor({ timeout: 30000 });
  await lib.click(a, await lib.scrollTo(a, mirror(a).getByRole('tab', { name: 'Участники' }).last()));
  await lib.typeInto(a, lib.widget(a, 'textbox', 'Телефон или электронная почта'), B);
  await lib.click(a, await lib.scrollTo(a, lib.widget(a, 'button', 'Отправить приглашение')));
  await b.goto(`${server.url}#/rooms`);
  const accept = lib.widget(b, 'button', `Принять приглашение в комнату «${TITLE}»`);
  await accept.waitFor({ timeout: 30000 });
  await lib.click(b, await lib.scrollTo(b, accept));
  const admit = lib.widget(a, 'button', /^Добавить в комнату: Иванова/);
  await admit.waitFor({ timeout: 30000 });
  await lib.click(a, await lib.scrollTo(a, admit));
  const open = lib.widget(b, 'button', `Открыть комнату «${TITLE}»`);
  await open.waitFor({ timeout: 30000 });
  await lib.click(b, await lib.scrollTo(b, open));
  await lib.widget(b, 'textbox', 'Сообщение').waitFor({ timeout: 30000 });
  await lib.click(a, await lib.scrollTo(a, mirror(a).getByRole('tab', { name: 'Обсуждение' }).last()));
  await lib.widget(a, 'textbox', 'Сообщение').waitFor({ timeout: 30000 });

  const latencies = [];
  for (let i = 0; i < COUNT; i++) {
    const text = `Сообщение для замера номер ${i + 1}`;
    await lib.typeInto(a, lib.widget(a, 'textbox', 'Сообщение'), text);
    await b.evaluate((t) => {
      window.__seenAt = 0;
      const root = document.querySelector('#a11y-root');
      const obs = new MutationObserver(() => {
        if (root.textContent.includes(t)) { window.__seenAt = performance.timeOrigin + performance.now(); obs.disconnect(); }
      });
      obs.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    }, `: ${text}`);
    const send = await lib.widget(a, 'button', 'Отправить').boundingBox();
    await lib.settleFrames(a);
    const sentAt = Date.now();
    await a.mouse.click(send.x + send.width / 2, send.y + send.height / 2);
    await b.waitForFunction(() => window.__seenAt > 0, null, { timeout: 30000, polling: 10 });
    latencies.push((await b.evaluate(() => window.__seenAt)) - sentAt);
  }
  latencies.sort((x, y) => x - y);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(`room chat message, click «Отправить» → on the other member's screen, ${latencies.length} messages: ` +
              `p50 ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
} finally {
  for (const br of browsers) await br.close();
  await server.stop();
}
