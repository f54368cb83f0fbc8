// Two languages at run time: the switch in the header changes every text, what was typed stays,
// the choice is in the address (?lang=en) so a reload keeps it. Screenshots of the same screens
// in Russian and English at 1280×800 and on a 360×740 phone (build/screenshots/lang-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, widget, click, heading, typeInto, screenshot } from './lib.mjs';

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

test('the same screens in both languages, desktop and phone (screenshots)', async () => {
  for (const [w, h] of [[1280, 800], [360, 740]]) {
    for (const lang of ['ru', 'en']) {
      const q = lang === 'en' ? '?lang=en' : '';
      const page = await openPage(browser, `${server.url}${q}#/catalog`, { width: w, height: h });
      await waitForApp(page);
      await heading(page, lang === 'en' ? 'Services' : 'Каталог услуг').waitFor();
      await screenshot(page, `lang-${lang}-${w}-catalog`);
      await page.goto(`${server.url}${q}#/catalog/service/passports-1-1`);
      await heading(page, lang === 'en' ? 'Application' : 'Заявление').or(page.locator('#a11y-root h1')).first().waitFor();
      await screenshot(page, `lang-${lang}-${w}-service`);
      await page.goto(`${server.url}${q}#/login`);
      await heading(page, lang === 'en' ? 'Sign in to your personal account' : 'Вход в личный кабинет').waitFor();
      await screenshot(page, `lang-${lang}-${w}-login`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  }
});
