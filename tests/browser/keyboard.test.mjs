// Keyboard only, as a person without a mouse: from a fresh page load, Tab through the header to
// «Войти», sign in with the two steps, Tab to «Каталог услуг», search, Tab to a service and open it
// with Enter. No click anywhere; focus is read from the mirror (data-focused), as a screen reader
// follows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, heading } from './lib.mjs';

let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const focused = (page) => page.evaluate(() => {
  const el = document.querySelector('#a11y-root [data-focused]');
  return el ? (el.getAttribute('aria-label') || el.textContent) : '';
});

// Tab until the element called `name` has the focus; the names passed on the way are returned.
async function tabTo(page, name, max = 80) {
  const passed = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await page.waitForFunction((prev) => {
      const el = document.querySelector('#a11y-root [data-focused]');
      const n = el ? (el.getAttribute('aria-label') || el.textContent) : '';
      return n !== prev ? n : false;
    }, passed[passed.length - 1] ?? '', { timeout: 10000 }).then((h) => h.jsonValue()).catch(() => focused(page));
    passed.push(now);
    if (now === name || (name instanceof RegExp && name.test(now))) return passed;
  }
  throw new Error(`Tab never reached ${name}; passed: ${passed.join(' | ')}`);
}

test('catalog → sign in → a service, with the keyboard only', async () => {
  const page = await openPage(browser, server.url);
  await waitForApp(page);
  const header = await tabTo(page, 'Войти');
  assert.ok(header.includes('Мои заявления'), `the header's navigation is reached: ${header.join(' | ')}`);
  await page.keyboard.press('Enter');
  await heading(page, 'Вход в личный кабинет').waitFor();

  await tabTo(page, 'Телефон, e-mail или СНИЛС');
  await page.keyboard.type('+79001234567');
  await tabTo(page, 'Пароль');
  await page.keyboard.type('Gosuslugi2026');
  await page.keyboard.press('Enter');
  await heading(page, 'Подтвердите вход').waitFor({ timeout: 30000 });
  await tabTo(page, 'Код подтверждения');
  await page.keyboard.type(await server.lastCode('+79001234567'));
  await page.keyboard.press('Enter');
  await heading(page, 'Профиль').waitFor({ timeout: 30000 });

  await tabTo(page, 'Каталог услуг');
  await page.keyboard.press('Enter');
  await heading(page, 'Каталог услуг').waitFor();
  await tabTo(page, 'Поиск услуги');
  await page.keyboard.type('замена паспорта');
  await tabTo(page, /Замена паспорта гражданина РФ/);
  await page.keyboard.press('Enter');
  await heading(page, 'Замена паспорта гражданина РФ в 20 и 45 лет').waitFor();
  assert.match(page.url(), /#\/catalog\/service\/passports-1-1/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
