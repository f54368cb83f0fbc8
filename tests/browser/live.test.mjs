// Live events in the browser: the same citizen has the profile open in one browser (a tab at
// the office) and changes the address on another (the phone). The tab shows the new address
// without a reload; when the connection drops the header says so, and when it is back the tab
// catches up with what changed meanwhile. An idle page with the stream open draws nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, widget, click, scrollTo, heading, typeInto, passwordStep, codeStep,
  framesDrawn, settleIdle, screenshot } from './lib.mjs';

let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const PHONE = '+79001234568';  // Иванова Мария Петровна
const text = (page, t) => page.locator('#a11y-root').getByText(t, { exact: true });
const status = (page, t) => page.locator('#a11y-root').getByRole('status').filter({ hasText: t });

async function signIn(page) {
  await waitForApp(page);
  await passwordStep(page, PHONE, 'Gosuslugi2026');
  await codeStep(page, server, PHONE);
}

async function changeAddress(page, address) {
  await click(page, await scrollTo(page, widget(page, 'button', 'Изменить данные')));
  await typeInto(page, widget(page, 'textbox', 'Адрес проживания'), address);
  await click(page, await scrollTo(page, widget(page, 'button', 'Сохранить')));
  await heading(page, 'Подтвердите изменения').waitFor();
  await click(page, widget(page, 'button', 'Подтвердить').last());
  await heading(page, 'Подтвердите изменения').waitFor({ state: 'detached' });
}

test('a change on another device shows up live; a dropped connection is shown, comes back and catches up', async () => {
  const tab = await openPage(browser, `${server.url}#/profile`, { width: 1280, height: 1400 });
  const phone = await openPage(browser, `${server.url}#/profile`, { width: 1280, height: 1400 });
  await signIn(tab);
  await signIn(phone);

  await changeAddress(phone, '125009, г. Москва, ул. Тверская, д. 7');
  await text(tab, 'Адрес проживания: 125009, г. Москва, ул. Тверская, д. 7').waitFor({ timeout: 30000 });

  // The network goes away under the open stream, then comes back.
  let refused = 0;
  const waiters = [];
  tab.on('requestfailed', (r) => {
    if (!r.url().includes('/events/ticket')) return;
    refused++;
    for (const w of waiters.splice(0)) w();
  });
  const refusedTickets = async (n) => { while (refused < n) await new Promise((r) => waiters.push(r)); };
  await tab.context().setOffline(true);
  await tab.evaluate(() => { for (const c of window.__lk.glue.streams.values()) c.abort(); });
  await status(tab, 'Нет связи').waitFor({ timeout: 30000 });
  await screenshot(tab, 'live-connection-lost');
  await changeAddress(phone, '125009, г. Москва, ул. Тверская, д. 9');
  // Offline long enough for the reconnect backoff to grow (0.25, 1, 2, 4 s, then 8 s ± 25 %):
  // the network comes back with a retry still due seconds later. That retry is moot once the
  // stream is open again and must not draw on the idle page below (a timer left armed did).
  await refusedTickets(4);
  await tab.context().setOffline(false);
  await status(tab, 'Связь восстановлена').waitFor({ timeout: 60000 });
  await text(tab, 'Адрес проживания: 125009, г. Москва, ул. Тверская, д. 9').waitFor({ timeout: 30000 });
  await status(tab, 'Связь восстановлена').waitFor({ state: 'detached', timeout: 30000 });

  // Idle with the stream open: no frame is drawn (heartbeats and the stream do not wake the page).
  // First what the last change asked for settles.
  await settleIdle(tab);
  const before = await framesDrawn(tab);
  // An idle period is measured, not waited on: 6 s covers when the retry armed before the
  // network came back would have fired.
  await new Promise((r) => setTimeout(r, 6000));
  assert.equal(await framesDrawn(tab), before, 'an idle page with a live stream draws nothing');
  // The browser itself reports each request refused while offline; nothing else may be there.
  assert.deepEqual(tab.problems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED')), []);
  assert.deepEqual(phone.problems, []);
  await tab.context().close();
  await phone.context().close();
});
