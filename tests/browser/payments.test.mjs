// «Начисления и платежи» as a person meets them: the charges with their УИН and a fine at half price
// while its discount lasts; paying through the reference backend's test gateway, which says so on
// screen — declined first with the bank's reason, then retried (a double click pays once); the
// signed receipt in «Документы»; the history filtered by type; a payment the gateway answers late
// finishing live on the open page; the state fee of an application paid from its page. Screenshots
// in both languages, at 200 % and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, widget, click, heading, scrollTo, passwordStep, codeStep, screenshot, settleFrames } from './lib.mjs';

const PHONE = '+79001234567';  // Иванов: two fines, a tax, the state fee of his passport application
let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function dev(path, body) {
  const res = await fetch(`${server.url}api/v1/dev/${path}`, {
    method: body === undefined ? 'GET' : 'POST', headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function signIn(page, en = false) {
  await waitForApp(page);
  await passwordStep(page, PHONE, 'Gosuslugi2026', { en });
  await codeStep(page, server, PHONE, { en });
}

const mirror = (page) => page.locator('#a11y-root');
const alertWith = (page, re) => mirror(page).getByRole('alert').filter({ hasText: re });
const statusWith = (page, re) => mirror(page).getByRole('status').filter({ hasText: re });

test('a fine at half price: declined by the test gateway with the reason, paid on a retry once, the receipt in the wallet, the history', async () => {
  const page = await openPage(browser, `${server.url}#/profile`, { height: 1600 });
  await signIn(page);
  await click(page, mirror(page).getByRole('tab', { name: 'Платежи' }));
  await heading(page, 'Начисления и платежи').waitFor({ timeout: 30000 });
  // Two fines (one at half price), a tax and a state fee: 750 + 500 + 3487 + 6000 ₽.
  await mirror(page).getByText(/^К оплате 4 начисления на 10\s737 ₽$/).waitFor({ timeout: 30000 });
  await mirror(page).getByText(/^Сумма: 750 ₽\. Со скидкой 50 % до \d\d\.\d\d\.\d{4} включительно; без скидки — 1500 ₽$/).waitFor();
  await screenshot(page, 'payments-charges');
  assert.equal((await dev('gateway', { mode: 'decline' })).status, 200);
  await click(page, await scrollTo(page, widget(page, 'button', /^Оплатить 750 ₽: Штраф по постановлению 18810177260000012345/)));
  await heading(page, 'Штраф по постановлению 18810177260000012345: превышение скорости на 20–40 км/ч').waitFor({ timeout: 30000 });
  // The recipient's details and the gateway's warning, before anyone pays.
  await mirror(page).getByText('ИНН: 7707089101').waitFor();
  await mirror(page).getByText(/Тестовый платёжный шлюз: деньги не списываются/).waitFor();
  await click(page, await scrollTo(page, widget(page, 'button', 'Оплатить 750 ₽')));
  await alertWith(page, /^Платёж отклонён: Банк отклонил операцию: недостаточно средств/).waitFor({ timeout: 30000 });
  // A retry, double-clicked: one payment.
  assert.equal((await dev('gateway', { mode: 'succeed' })).status, 200);
  const retry = await scrollTo(page, widget(page, 'button', 'Повторить оплату 750 ₽'));
  const box = await retry.boundingBox();
  await settleFrames(page);
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  await statusWith(page, /^Оплачено \d\d\.\d\d\.\d{4}\. Квитанция сохранена в разделе «Документы»\.$/).waitFor({ timeout: 30000 });
  await screenshot(page, 'payments-paid');
  // The receipt: signed by the gateway, checked on the device.
  await click(page, await scrollTo(page, widget(page, 'button', 'Открыть квитанцию')));
  await heading(page, 'Квитанция об оплате').waitFor({ timeout: 30000 });
  await mirror(page).getByText(/Платёж проведён тестовым платёжным шлюзом/).waitFor({ timeout: 30000 });
  assert.equal(await mirror(page).getByText(/Подпись не сходится|Неизвестный издатель/).count(), 0);
  // The history: one success and one decline, both of 750 ₽; the tax filter shows none.
  await page.goto(`${server.url}#/payments/history`);
  await heading(page, 'Начисления и платежи').waitFor({ timeout: 30000 });
  const rows = mirror(page).getByText('Сумма: 750 ₽', { exact: true });
  await rows.nth(1).waitFor({ timeout: 30000 });
  assert.equal(await rows.count(), 2);
  assert.equal(await mirror(page).getByText('Выполнен', { exact: true }).count(), 1);
  assert.equal(await mirror(page).getByText('Отклонён', { exact: true }).count(), 1);
  await click(page, widget(page, 'button', 'Вид начисления'));
  await click(page, mirror(page).getByRole('listitem').filter({ hasText: 'Налог' }).first());
  await mirror(page).getByText('Платежей за этот период нет.').waitFor({ timeout: 30000 });
  // Back on the charges: that fine is no longer to pay.
  await page.goto(`${server.url}#/payments`);
  await mirror(page).getByText(/^К оплате 3 начисления на 9\s?987 ₽$/).waitFor({ timeout: 30000 });
  assert.deepEqual(page.problems, []);
});

test('a payment the gateway answers late finishes live on the open page; the state fee is paid from its application', async () => {
  const page = await openPage(browser, `${server.url}#/profile`, { height: 1600 });
  await signIn(page);
  await page.goto(`${server.url}#/payments`);
  assert.equal((await dev('gateway', { mode: 'timeout' })).status, 200);
  await click(page, await scrollTo(page, widget(page, 'button', /^Оплатить 3487 ₽: Налог на имущество/)));
  await click(page, await scrollTo(page, widget(page, 'button', 'Оплатить 3487 ₽')));
  await statusWith(page, /^Платёж обрабатывается банком/).waitFor({ timeout: 30000 });
  // «Оплатить» is not offered while the bank has it.
  assert.equal(await widget(page, 'button', 'Оплатить 3487 ₽').count(), 0);
  const pending = (await dev(`gateway/pending?phone=${encodeURIComponent(PHONE)}`)).body.items;
  assert.equal(pending.length, 1);
  const t0 = Date.now();
  assert.equal((await dev(`gateway/payments/${pending[0].id}/answer`, { ok: true })).status, 200);
  await statusWith(page, /^Оплачено /).waitFor({ timeout: 30000 });
  const live = Date.now() - t0;
  console.log(`gateway answer → «Оплачено» on the open page: ${live} ms`);
  assert.ok(live < 5000, `shown ${live} ms after the gateway's answer`);
  assert.equal((await dev('gateway', { mode: 'succeed' })).status, 200);
  // The passport application's state fee: listed with its application's number, paid from the
  // application's page.
  await page.goto(`${server.url}#/payments`);
  await click(page, await scrollTo(page, widget(page, 'button', /^Оплатить 6000 ₽: Госпошлина: Оформление загранпаспорта/)));
  await heading(page, 'Госпошлина: Оформление загранпаспорта нового образца на 10 лет').waitFor({ timeout: 30000 });
  const field = mirror(page).getByText(/^Заявление: /);
  await field.waitFor();
  const number = (await field.textContent()).replace('Заявление: ', '');
  await page.goto(`${server.url}#/applications/view/${number}`);
  await mirror(page).getByText(/^Госпошлина 6000 ₽ — оплатить до \d\d\.\d\d\.\d{4}$/).waitFor({ timeout: 30000 });
  await click(page, await scrollTo(page, widget(page, 'button', 'Оплатить 6000 ₽')));
  await heading(page, 'Госпошлина: Оформление загранпаспорта нового образца на 10 лет').waitFor({ timeout: 30000 });
  await click(page, await scrollTo(page, widget(page, 'button', 'Оплатить 6000 ₽')));
  await statusWith(page, /^Оплачено /).waitFor({ timeout: 30000 });
  await page.goto(`${server.url}#/applications/view/${number}`);
  await mirror(page).getByText(/^Госпошлина 6000 ₽ оплачена \d\d\.\d\d\.\d{4}$/).waitFor({ timeout: 30000 });
  assert.deepEqual(page.problems, []);
});

test('charges in English at 200 % and on a phone', async () => {
  const page = await openPage(browser, `${server.url}?lang=en&text=200#/profile`, { width: 1280, height: 1000 });
  await signIn(page, true);
  await page.goto(`${server.url}?lang=en&text=200#/payments`);
  await heading(page, 'Charges and payments').waitFor({ timeout: 30000 });
  await mirror(page).getByText(/charges? to pay, RUB [\d,]+ in all$/).waitFor({ timeout: 30000 });
  await screenshot(page, 'payments-en-200');
  const phone = await openPage(browser, `${server.url}#/profile`, { width: 360, height: 740, dpr: 2, touch: true });
  await signIn(phone);
  await phone.goto(`${server.url}#/payments`);
  await heading(phone, 'Начисления и платежи').waitFor({ timeout: 30000 });
  await mirror(phone).getByText(/^УИН: /).first().waitFor({ timeout: 30000 });
  await screenshot(phone, 'payments-phone');
  assert.deepEqual([...page.problems, ...phone.problems], []);
});
