// Keyboard only, as a person without a mouse: from a fresh page load, Tab through the header to
// «Войти», sign in with the two steps, Tab to «Каталог услуг», search, Tab to a service, open it
// with Enter and send the whole application: a radio chosen with Space, the profile's answers
// kept, a postal code typed, the photo chosen in the browser's file chooser that Enter opened,
// «Отправить». No click anywhere; focus is read from the mirror (data-focused), as a screen reader
// follows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, heading } from './lib.mjs';

const status = (page, re) => page.locator('#a11y-root').getByRole('status').filter({ hasText: re });

let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

// The focused element of the mirror: its node (data-n) and its name.
const focused = (page) => page.evaluate(() => {
  const el = document.querySelector('#a11y-root [data-focused]');
  return el ? { n: el.getAttribute('data-n'), name: el.getAttribute('aria-label') || el.textContent } : { n: '', name: '' };
});

// Tab until the element called `name` has the focus; the names passed on the way are returned.
// Each Tab waits for the focus to move (another node: three links may share a name); three Tabs
// that move nothing end it early.
async function tabTo(page, name, max = 80) {
  const passed = [];
  let last = await focused(page);
  let still = 0;
  for (let i = 0; i < max && still < 3; i++) {
    await page.keyboard.press('Tab');
    const now = await page.waitForFunction((prev) => {
      const el = document.querySelector('#a11y-root [data-focused]');
      const n = el ? el.getAttribute('data-n') : '';
      return n && n !== prev ? { n, name: el.getAttribute('aria-label') || el.textContent } : false;
    }, last.n, { timeout: 10000 }).then((h) => h.jsonValue()).catch(() => focused(page));
    still = now.n === last.n ? still + 1 : 0;
    last = now;
    passed.push(now.name);
    if (now.name === name || (name instanceof RegExp && name.test(now.name))) return passed;
  }
  const dump = await page.evaluate(() => [...document.querySelectorAll('#a11y-root [data-n]')].map((e) => `${e.getAttribute('role')}:${e.getAttribute('aria-label') || e.textContent}`).join(' / '));
  throw new Error(`Tab never reached ${name}; passed: ${passed.join(' | ')}; the mirror: ${dump}`);
}

test('catalog → sign in → a service → a whole application sent, with the keyboard only', async () => {
  const page = await openPage(browser, server.url);
  // Listening from the start: the listener turns Chromium's chooser interception on, and done in
  // the same breath as the Enter that opens it (Promise.all), the chooser came first and was lost.
  const choosers = [];
  page.on('filechooser', (c) => choosers.push(c));
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

  await tabTo(page, 'Получить услугу');
  await page.keyboard.press('Enter');
  await status(page, /Шаг 1 из 5 · Причина замены/).waitFor({ timeout: 20000 });
  await tabTo(page, 'Ошибка в паспорте');
  await page.keyboard.press('Space');
  await page.locator('#a11y-root [role=radio][aria-checked=true]').filter({ hasText: 'Ошибка в паспорте' })
    .or(page.locator('#a11y-root [role=radio][aria-checked=true][aria-label="Ошибка в паспорте"]')).first().waitFor({ state: 'attached' });
  await tabTo(page, 'Далее');
  await page.keyboard.press('Enter');
  await status(page, /Шаг 2 из 5 · Данные заявителя/).waitFor();
  await tabTo(page, 'Далее');  // the profile's answers stand
  await page.keyboard.press('Enter');
  await status(page, /Шаг 3 из 5 · Адрес и контакты/).waitFor();
  await tabTo(page, 'Почтовый индекс');
  await page.keyboard.type('119034');
  await tabTo(page, 'Далее');
  await page.keyboard.press('Enter');
  await status(page, /Шаг 4 из 5 · Фотография/).waitFor();

  await tabTo(page, 'Прикрепить файл: Фотография 35×45 мм');
  const png = Buffer.alloc(64 * 1024);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  await page.keyboard.press('Enter');
  for (const deadline = Date.now() + 20000; !choosers.length && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
  assert.equal(choosers.length, 1, 'Enter on «Прикрепить файл» opened the file chooser once');
  const chooser = choosers[0];
  await chooser.setFiles({ name: 'фото.png', mimeType: 'image/png', buffer: png });
  await page.locator('#a11y-root').getByText(/фото\.png · PNG · 64 КБ/).waitFor({ state: 'attached', timeout: 60000 });
  await status(page, /Шифруем|Загружается/).first().waitFor({ state: 'detached', timeout: 60000 });
  await tabTo(page, 'Далее');
  await page.keyboard.press('Enter');
  await heading(page, 'Проверьте данные').waitFor();
  await tabTo(page, 'Отправить');
  await page.keyboard.press('Enter');
  await status(page, /Номер заявления: /).waitFor({ timeout: 30000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
