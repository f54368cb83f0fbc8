// The catalog in the browser: search with a typo in Cyrillic, open the service, open its form,
// go Back to the results; a partly broken catalog still shows what it can.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, widget, click, screenshot, scrollTo, heading } from './lib.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ZP = 'Оформление загранпаспорта нового образца на 10 лет';

async function firstResult(page) {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll('#a11y-root [role=link]')].filter((e) => parseFloat(e.style.top) > 250);
    links.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return links.length ? links[0].getAttribute('aria-label') : null;
  });
}

test('search with a typo, open the service and its form, go Back to the results', async () => {
  const page = await openPage(browser, server.url, { width: 1280, height: 900 });
  await waitForApp(page);
  await page.locator('#a11y-root').getByRole('heading', { name: 'Популярные услуги' }).waitFor();
  await screenshot(page, 'catalog-home');
  await click(page, widget(page, 'textbox', 'Поиск услуги'));
  await page.keyboard.type('загарнпаспорт');          // letters swapped, typed in Cyrillic
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Найдено услуг' }).waitFor();
  await page.waitForFunction(() => decodeURIComponent(location.hash) === '#/catalog?q=загарнпаспорт');
  assert.equal(await firstResult(page), ZP);
  await screenshot(page, 'catalog-search-typo');
  await click(page, widget(page, 'link', ZP));
  await heading(page, ZP).waitFor();
  await page.locator('#a11y-root').getByText('Стоимость: 6000 ₽').waitFor();
  await screenshot(page, 'catalog-service');
  await click(page, await scrollTo(page, widget(page, 'button', 'Получить услугу')));
  await heading(page, `Заявление: ${ZP}`).waitFor();
  await screenshot(page, 'catalog-form');
  await page.goBack();
  await heading(page, ZP).waitFor();
  await page.goBack();
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Найдено услуг' }).waitFor();
  assert.equal(await widget(page, 'textbox', 'Поиск услуги').inputValue(), 'загарнпаспорт');
  assert.equal(await firstResult(page), ZP);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a deep link opens a service; sections and breadcrumbs navigate', async () => {
  const page = await openPage(browser, `${server.url}#/catalog/service/health-1-1`);
  await waitForApp(page);
  await heading(page, 'Запись на приём к врачу').waitFor();
  await click(page, widget(page, 'link', 'Здоровье'));
  await heading(page, 'Здоровье').waitFor();
  await click(page, await scrollTo(page, widget(page, 'link', 'Полис ОМС')));
  await heading(page, 'Полис ОМС').waitFor();
  assert.equal(new URL(page.url()).hash, '#/catalog/sub/health-2');
  await page.context().close();
});

test('a phone: the catalog fits 390 px and search works by touch', async () => {
  const page = await openPage(browser, server.url, { width: 390, height: 844, dpr: 3, touch: true });
  await waitForApp(page);
  await page.locator('#a11y-root').getByRole('heading', { name: 'Популярные услуги' }).waitFor();
  await screenshot(page, 'catalog-390x844-dpr3');
  for (const right of await page.locator('#a11y-root [data-n]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right)))
    assert.ok(right <= 390.5, `a widget reaches x=${right}`);
  await page.context().close();
});

test('a partly broken catalog: what can be read is shown, the rest is reported', async () => {
  const page = await openPage(browser, null);
  await page.route('**/api/v1/catalog', async (route) => {
    const res = await route.fetch();
    const doc = await res.json();
    doc.services[0] = { broken: true };            // no id, no name
    delete doc.services[1].description;            // partly missing
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(doc) });
  });
  await page.goto(server.url);
  await waitForApp(page);
  await page.locator('#a11y-root').getByText(/Часть каталога не загрузилась/).waitFor();
  await page.locator('#a11y-root').getByRole('heading', { name: 'Популярные услуги' }).waitFor();
  await page.unroute('**/api/v1/catalog');
  await page.route('**/api/v1/catalog', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>oops</h1>' }));
  await page.reload();
  await waitForApp(page);
  await page.locator('#a11y-root').getByRole('alert').filter({ hasText: 'Сервер прислал неверный ответ' }).waitFor();
  await page.context().close();
});
