// «Уведомления» as a person meets them: the agency moves an application while the feed is open —
// the item and the header's counter arrive without a reload; the item opens its application;
// search finds by number; ticked items are deleted in bulk; «Отметить все прочитанными» empties
// the counter; the settings are saved and the change shows in the security log. Screenshots in
// both languages, at 200 % and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, widget, click, heading, typeInto, scrollTo, passwordStep, codeStep, screenshot, text } from './lib.mjs';

const PHONE = '+79001234567';  // Иванов: demo applications, two unread notifications
let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function api(path, body) {
  const res = await fetch(`${server.url}api/v1/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
  });
  return { status: res.status, body: await res.json() };
}

async function signIn(page, en = false) {
  await waitForApp(page);
  await passwordStep(page, PHONE, 'Gosuslugi2026', { en });
  await codeStep(page, server, PHONE, { en });
}

// The header tab's unread count, from its accessible name («Уведомления, 3 непрочитанных»); 0 without.
async function unreadInHeader(page) {
  const tab = page.locator('#a11y-root').getByRole('tab', { name: /^Уведомления/ });
  const name = await tab.first().getAttribute('aria-label') ?? await tab.first().textContent();
  const m = name.match(/, (\d+) непрочитанн/);
  return m ? Number(m[1]) : 0;
}

async function waitForUnread(page, predicate, what) {
  const deadline = Date.now() + 30000;
  let n;
  for (;;) {
    n = await unreadInHeader(page);
    if (predicate(n)) return n;
    if (Date.now() > deadline) throw new Error(`header counter: ${what}, last seen ${n}`);
    await page.waitForTimeout(100);
  }
}

test('a status move arrives live in the feed and the counter; it opens its application; search, bulk delete, all read', async () => {
  const page = await openPage(browser, `${server.url}#/profile`, { height: 1400 });
  await signIn(page);
  await page.goto(`${server.url}#/notifications`);
  await heading(page, 'Уведомления').waitFor();
  // Seeded: two unread status notifications, plus this sign-in (a security event).
  const start = await waitForUnread(page, (n) => n >= 3, 'the seeded unread ones and the sign-in');
  await page.locator('#a11y-root').getByRole('link', { name: /Безопасность: Вход/ }).first().waitFor({ timeout: 30000 });
  // The agency works on Иванов's application «В обработке» while the feed is open.
  // The one the agency is still working on: «В обработке» in the feed, and not finished since.
  const feed = page.locator('#a11y-root').getByRole('link', { name: /Заявление № [0-9A-Z-]+: В обработке/ });
  await feed.first().waitFor({ timeout: 30000 });
  const names = await feed.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent));
  let number = null;
  for (const n of names.map((s) => s.match(/№ ([0-9A-Z-]+)/)[1])) {
    const planned = await api(`dev/agency/applications/${n}/plan`, { outcome: 'done', next_in: 0 });
    if (planned.status === 200 && planned.body.status === 'in_progress') { number = n; break; }
  }
  assert.ok(number, `an application in progress among ${names}`);
  const t0 = Date.now();
  assert.equal((await api('dev/agency/tick')).status, 200);
  const item = page.locator('#a11y-root').getByRole('link', { name: new RegExp(`^Не прочитано\\. Заявление № ${number}: Готово`) });
  await item.waitFor({ timeout: 30000 });
  const shown = Date.now() - t0;
  // «Готово» and its document: two new items, counted in the header without a reload.
  await waitForUnread(page, (n) => n >= start + 2, 'two more after the agency finished');
  await page.locator('#a11y-root').getByRole('link', { name: new RegExp(`Готов документ по заявлению № ${number}`) }).waitFor();
  await screenshot(page, 'notifications-feed-live');
  const before = await unreadInHeader(page);
  await click(page, item);
  await heading(page, 'История статусов').waitFor({ timeout: 30000 });
  assert.match(page.url(), new RegExp(`#/applications/view/${number}$`));
  await waitForUnread(page, (n) => n === before - 1, 'one fewer once opened');

  // Search by number: only this application's items.
  await page.goto(`${server.url}#/notifications`);
  await heading(page, 'Уведомления').waitFor();
  await typeInto(page, widget(page, 'textbox', 'Поиск по уведомлениям'), number);
  await page.keyboard.press('Enter');
  await page.locator('#a11y-root').getByRole('link', { name: /Безопасность/ }).first().waitFor({ state: 'detached', timeout: 30000 });
  const found = await page.locator('#a11y-root').getByRole('link').filter({ hasText: /№/ }).allTextContents();
  const matches = await page.locator('#a11y-root').getByRole('link', { name: /№ / }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent));
  assert.ok(matches.length >= 3, `status moves and the document: ${matches}`);
  assert.ok(matches.every((n) => n.includes(number)), `only ${number}: ${matches} ${found}`);
  await screenshot(page, 'notifications-search');

  // Tick two and delete them.
  const boxes = page.locator('#a11y-root').getByRole('checkbox', { name: /^Выбрать: / });
  await click(page, boxes.nth(0));
  await click(page, boxes.nth(1));
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Выбрано 2 уведомления' }).waitFor();
  await click(page, widget(page, 'button', 'Удалить'));
  await heading(page, 'Удалить уведомления?').waitFor();
  await screenshot(page, 'notifications-delete-dialog');
  // The dialog's «Удалить»: drawn over the page, after the selection bar's.
  await click(page, widget(page, 'button', 'Удалить').last());
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Удалено 2 уведомления' }).first().waitFor({ timeout: 30000 });
  const left = await page.locator('#a11y-root').getByRole('link', { name: /№ / }).count();
  assert.equal(left, matches.length - 2, 'two fewer in the feed');

  // Everything read: the counter goes.
  await typeInto(page, widget(page, 'textbox', 'Поиск по уведомлениям'), '');
  await click(page, widget(page, 'button', 'Найти'));
  await click(page, await scrollTo(page, widget(page, 'button', 'Отметить все прочитанными')));
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Все уведомления прочитаны' }).waitFor({ timeout: 30000 });
  await waitForUnread(page, (n) => n === 0, 'none unread');
  assert.equal(await widget(page, 'tab', 'Уведомления').count(), 1, 'the tab is named plainly again');
  assert.deepEqual(page.problems, []);
  await page.context().close();
  console.log(`status move → feed item on screen: ${shown} ms`);
});

test('settings: SMS for status changes and quiet hours are saved, a wrong time is refused, the change is in the security log', async () => {
  const page = await openPage(browser, `${server.url}#/profile`, { height: 1400 });
  await signIn(page);
  await page.goto(`${server.url}#/notifications/settings`);
  await heading(page, 'Уведомления').waitFor();
  const sms = widget(page, 'checkbox', 'Статусы заявлений — СМС');
  await sms.waitFor({ timeout: 30000 });
  assert.equal(await sms.getAttribute('aria-checked'), 'false');
  const locked = widget(page, 'checkbox', 'События безопасности — В личном кабинете');
  assert.equal(await locked.getAttribute('aria-checked'), 'true');
  await click(page, sms);
  await page.waitForFunction(() => document.querySelector('#a11y-root [aria-label="Статусы заявлений — СМС"]')?.getAttribute('aria-checked') === 'true');
  await click(page, await scrollTo(page, widget(page, 'checkbox', 'Не присылать письма, СМС и push в тихие часы')));
  await typeInto(page, await scrollTo(page, widget(page, 'textbox', 'С')), '25:00');
  await click(page, await scrollTo(page, widget(page, 'button', 'Сохранить настройки')));
  await page.locator('#a11y-root [aria-invalid]').first().waitFor();
  await screenshot(page, 'notifications-settings-error');
  await typeInto(page, await scrollTo(page, widget(page, 'textbox', 'С')), '22:30');
  await click(page, await scrollTo(page, widget(page, 'button', 'Сохранить настройки')));
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Настройки уведомлений сохранены' }).waitFor({ timeout: 30000 });
  await screenshot(page, 'notifications-settings-saved');
  // The security log has the change; the settings read back from the backend are the saved ones.
  await page.goto(`${server.url}#/profile/security`);
  await text(page, /Изменены настройки уведомлений/).first().waitFor({ timeout: 30000 });
  await page.goto(`${server.url}#/notifications/settings`);
  await page.waitForFunction(() => document.querySelector('#a11y-root [aria-label="Статусы заявлений — СМС"]')?.getAttribute('aria-checked') === 'true');
  assert.equal(await widget(page, 'textbox', 'С').inputValue(), '22:30');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the feed and the settings in English, at 200 % text and on a 360 px phone (screenshots)', async () => {
  for (const [w, h, q] of [[1280, 800, '?lang=en'], [1280, 800, '?text=200'], [360, 740, ''], [360, 740, '?lang=en&text=200']]) {
    const page = await openPage(browser, `${server.url}${q}#/profile`, { width: w, height: h });
    const en = q.includes('lang=en');
    await signIn(page, en);
    await page.goto(`${server.url}${q}#/notifications`);
    await heading(page, en ? 'Notifications' : 'Уведомления').waitFor({ timeout: 30000 });
    // Below the search and the filters at 200 % text: scrolled to, as a person would.
    await scrollTo(page, page.locator('#a11y-root').getByRole('link', { name: en ? /Security: Sign-in/ : /Безопасность: Вход/ }));
    const name = `notifications-${en ? 'en' : 'ru'}-${q.includes('text=200') ? 200 : 100}-${w}`;
    await screenshot(page, `${name}-feed`);
    await page.goto(`${server.url}${q}#/notifications/settings`);
    await scrollTo(page, widget(page, 'checkbox', en ? 'Application status — SMS' : 'Статусы заявлений — СМС'));
    await screenshot(page, `${name}-settings`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
