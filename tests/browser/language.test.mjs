// Two languages and two palettes at run time: the switches in the header change every text or
// every colour, what was typed stays, the choice is in the address (?lang=en, ?contrast=high) so
// a reload keeps it. Screenshots of the same screens in Russian and English, light and high
// contrast, at 100 % and 200 % text, at 1280×800 and on a 360×740 phone (build/screenshots/look-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, widget, click, heading, typeInto, screenshot, passwordStep } from './lib.mjs';

let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('switching language mid-typing keeps the text; the address remembers the language', async () => {
  const page = await openPage(browser, `${server.url}#/login`);
  await waitForApp(page);
  await typeInto(page, widget(page, 'textbox', 'Телефон, e-mail или СНИЛС'), '+79001234567');
  await click(page, widget(page, 'button', 'English (английский язык)'));
  await heading(page, 'Sign in to your personal account').waitFor();
  assert.equal(await widget(page, 'textbox', 'Phone, e-mail or SNILS').inputValue(), '+79001234567', 'typed text survives the switch');
  assert.equal(await widget(page, 'tab', 'Services').count(), 1);
  assert.match(page.url(), /\?lang=en#\/login$/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

  await page.reload();
  await waitForApp(page);
  await heading(page, 'Sign in to your personal account').waitFor();
  await click(page, widget(page, 'button', 'Русский (Russian)'));
  await heading(page, 'Вход в личный кабинет').waitFor();
  assert.doesNotMatch(page.url(), /lang=/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// English is fetched when asked for (lang/en_US.json, not built into the module): when it does not
// come the page stays in Russian and says so in both languages, and «Повторить» fetches it again.
test('English that does not load is said, nothing typed is lost, and «Повторить» brings it', async () => {
  const page = await openPage(browser, `${server.url}#/login`);
  await waitForApp(page);
  let fetches = 0;
  await page.route('**/lang/en_US.json', (route) => { fetches++; return route.abort('internetdisconnected'); });
  await typeInto(page, widget(page, 'textbox', 'Телефон, e-mail или СНИЛС'), '+79001234567');
  await click(page, widget(page, 'button', 'English (английский язык)'));
  const alert = page.locator('#a11y-root').getByRole('alert').filter({ hasText: /Не удалось загрузить английскую версию \/ The English version did not load/ });
  await alert.waitFor({ timeout: 30000 });
  assert.equal(fetches, 1);
  await heading(page, 'Вход в личный кабинет').waitFor();
  assert.doesNotMatch(page.url(), /lang=/);
  await page.unroute('**/lang/en_US.json');
  await click(page, widget(page, 'button', 'Повторить'));
  await heading(page, 'Sign in to your personal account').waitFor({ timeout: 30000 });
  assert.equal(await widget(page, 'textbox', 'Phone, e-mail or SNILS').inputValue(), '+79001234567', 'typed text survives');
  assert.equal(await alert.count(), 0);
  // The failed fetch is a console error of the browser's own; nothing else went wrong.
  assert.deepEqual(page.problems.filter((p) => !/en_US\.json|ERR_INTERNET_DISCONNECTED/.test(p)), []);
  await page.context().close();
});

test('high contrast: the switch recolours the app and the page, and the address keeps it', async () => {
  const page = await openPage(browser, `${server.url}#/login`);
  await waitForApp(page);
  // The page's own background (loading and error screens) comes from the same palette.
  const pixel = async () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await pixel(), 'rgb(242, 245, 249)');
  const toggle = widget(page, 'checkbox', 'Высокая контрастность');
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  await click(page, toggle);
  await page.waitForFunction(() => document.documentElement.classList.contains('high-contrast'));
  assert.equal(await widget(page, 'checkbox', 'Высокая контрастность').getAttribute('aria-checked'), 'true');
  assert.equal(await pixel(), 'rgb(255, 255, 255)');
  assert.match(page.url(), /contrast=high/);
  await page.reload();
  await waitForApp(page);
  assert.equal(await widget(page, 'checkbox', 'Высокая контрастность').getAttribute('aria-checked'), 'true');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the same screens in both languages and palettes, at 100 % and 200 % text, desktop, phone and kiosk (screenshots)', async () => {
  for (const [w, h, kiosk] of [[1280, 800, false], [360, 740, false], [1920, 1080, true]]) {
    for (const lang of ['ru', 'en']) {
      for (const [contrast, text] of [['normal', 100], ['high', 100], ['normal', 200], ['high', 200]]) {
        // ?text=200: the app's text size (the header's «Размер текста»); the mirror's boxes, the
        // pointer and the hidden input follow it, so typing and clicking below go through it too.
        // A kiosk (?kiosk=1) has 125 % at least.
        const q = `?contrast=${contrast}${lang === 'en' ? '&lang=en' : ''}${text === 200 ? '&text=200' : ''}${kiosk ? '&kiosk=1' : ''}`;
        const name = `look-${lang}-${contrast}-${text}-${w}`;
        const page = await openPage(browser, `${server.url}${q}#/catalog`, { width: w, height: h });
        await waitForApp(page);
        await heading(page, lang === 'en' ? 'Services' : 'Каталог услуг').waitFor();
        await screenshot(page, `${name}-catalog`);
        await page.goto(`${server.url}${q}#/login`);
        await heading(page, lang === 'en' ? 'Sign in to your personal account' : 'Вход в личный кабинет').waitFor();
        await typeInto(page, widget(page, 'textbox', lang === 'en' ? 'Phone, e-mail or SNILS' : 'Телефон, e-mail или СНИЛС'), 'ivanov');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await screenshot(page, `${name}-login-errors`);
        assert.deepEqual(page.problems, []);
        await page.context().close();
      }
    }
  }
});

// The signed-in screens' texts are fetched when someone starts to sign in (not with the first
// page): when they do not come the account says so in both-language-neutral Russian with
// «Повторить», and nothing is lost; the retry brings the screen.
test('the signed-in screens wait for their texts; when those do not load, «Повторить» brings them', async () => {
  const page = await openPage(browser, `${server.url}#/login`);
  let fetches = 0;
  await page.route('**/lang/ru_RU.personal.json', (route) => { fetches++; return route.abort('internetdisconnected'); });
  await waitForApp(page);
  await passwordStep(page, '+79001234567', 'Gosuslugi2026');
  await typeInto(page, widget(page, 'textbox', 'Код подтверждения'), await server.lastCode('+79001234567'));
  await page.keyboard.press('Enter');
  const alert = page.locator('#a11y-root').getByRole('alert').filter({ hasText: 'Не удалось загрузить тексты личного кабинета' });
  await alert.waitFor({ timeout: 30000 });
  assert.ok(fetches >= 1);
  await page.unroute('**/lang/ru_RU.personal.json');
  await click(page, widget(page, 'button', 'Повторить'));
  await heading(page, 'Профиль').waitFor({ timeout: 30000 });
  await page.goto(`${server.url}#/appointments`);
  await heading(page, 'Предстоящие').waitFor({ timeout: 30000 });
  assert.deepEqual(page.problems.filter((p) => !/personal\.json|ERR_INTERNET_DISCONNECTED/.test(p)), []);
  await page.context().close();
});
