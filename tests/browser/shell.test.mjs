// Browser tests of the app shell, in headless Chromium against tools/serve.py.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, widget, click, tap, framesDrawn, settleIdle, settleFrames, screenshot, description } from './lib.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const NAV = ['Каталог услуг', 'Мои заявления', 'Документы', 'Платежи', 'Совместные решения', 'Уведомления', 'Профиль'];

test('loads, fills the window, shows the header navigation, no console or CSP errors', async () => {
  const page = await openPage(browser, server.url);
  await waitForApp(page);
  for (const name of NAV) assert.equal(await widget(page, 'tab', name).count(), 1, name);
  assert.equal(await widget(page, 'tab', 'Каталог услуг').getAttribute('aria-selected'), 'true');
  assert.equal(await widget(page, 'button', 'Войти').count(), 1);
  assert.equal(await page.locator('#a11y-root').getByRole('heading', { name: 'Каталог услуг' }).count(), 1);
  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight };
  });
  assert.deepEqual(canvas, { w: 1280, h: 800, cssW: 1280, cssH: 800 });
  assert.equal(await page.locator('#loader').isHidden(), true);
  await screenshot(page, 'shell-1280x800-catalog');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('navigation: a private section asks to sign in; the URL follows and Back returns', async () => {
  const page = await openPage(browser, server.url);
  await waitForApp(page);
  await click(page, widget(page, 'tab', 'Мои заявления'));
  await page.locator('#a11y-root').getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/login');
  assert.match(await page.locator('#a11y-root').getByRole('status').first().textContent(), /Войдите, чтобы открыть этот раздел/);
  await screenshot(page, 'shell-1280x800-login-required');
  await page.goBack();
  await page.locator('#a11y-root').getByRole('heading', { name: 'Каталог услуг' }).waitFor();
  // A deep link opens the screen directly.
  await page.goto(`${server.url}#/register`);
  await waitForApp(page);
  await page.locator('#a11y-root').getByRole('heading', { name: 'Регистрация' }).waitFor();
  await screenshot(page, 'shell-1280x800-register');
  await page.context().close();
});

test('login form: typing (Latin and Cyrillic), validation messages, Tab between fields', async () => {
  const page = await openPage(browser, `${server.url}#/login`);
  await waitForApp(page);
  await page.locator('#a11y-root').getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
  const submit = widget(page, 'button', 'Войти').last();
  await click(page, submit);
  const id = widget(page, 'textbox', 'Телефон, e-mail или СНИЛС');
  const pw = widget(page, 'password', 'Пароль');
  await assertAttr(id, 'aria-invalid', 'true');
  assert.equal(await description(id), 'Введите телефон, e-mail или СНИЛС');
  await assertAttr(pw, 'aria-invalid', 'true');
  await screenshot(page, 'shell-1280x800-login-errors');

  await click(page, id);
  await page.keyboard.type('ivan@почта.рф');             // mixed scripts through real key events
  await assertValue(id, 'ivan@почта.рф');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('ru');
  await assertValue(id, 'ivan@почта.ru');
  await page.keyboard.press('Tab');                        // focus moves to the password field
  await page.keyboard.type('Пароль123');
  await assertAttr(id, 'aria-invalid', null);
  await assertAttr(pw, 'aria-invalid', null);
  assert.equal(await pw.inputValue(), '', 'a password never reaches the DOM');
  await page.keyboard.press('Enter');
  await page.locator('#a11y-root').getByRole('status').first().waitFor();
  await screenshot(page, 'shell-1280x800-login-filled');
  // The sign-in goes on to the backend, which refuses this unknown person: wait for that answer
  // (the browser logs its 401). Asserted before it came, the test passed when the key derivation
  // was slow and failed under load when it was not (run 1 of five, load average 9).
  await page.locator('#a11y-root').getByRole('alert').filter({ hasText: /Неверный логин или пароль/ }).waitFor({ timeout: 60000 });
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 401')), []);
  await page.context().close();
});

test('text arrives through the hidden input: IME composition and insertText', async () => {
  const page = await openPage(browser, server.url);
  await waitForApp(page);
  const search = widget(page, 'textbox', 'Поиск услуги');
  await click(page, search);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'text-input', 'a text field focuses the hidden input');
  await page.keyboard.insertText('загран');
  // The composition starts once the first part is in the field. Under a full run on 2 cores the
  // composed «паспорт» was once lost when it came before «загран» had been taken (the web input
  // layer's race is a lead for the phones/IME issue; here a person's typing is never that fast).
  await assertValue(search, 'загран');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'пасп', selectionStart: 4, selectionEnd: 4 });
  await cdp.send('Input.imeSetComposition', { text: 'паспорт', selectionStart: 7, selectionEnd: 7 });
  await cdp.send('Input.insertText', { text: 'паспорт' });
  await assertValue(search, 'загранпаспорт');
  // Leaving the field hands focus back to the canvas (no phone keyboard left open).
  await page.keyboard.press('Escape');
  await click(page, page.locator('#a11y-root').getByRole('heading', { name: 'Каталог услуг' }));
  await page.waitForFunction(() => document.activeElement.id !== 'text-input');
  await page.context().close();
});

test('clipboard: Ctrl+C copies to the system clipboard, Ctrl+V pastes from it', async () => {
  const page = await openPage(browser, server.url);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await waitForApp(page);
  const search = widget(page, 'textbox', 'Поиск услуги');
  await click(page, search);
  await page.keyboard.insertText('Замена паспорта — 14 лет');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) === 'Замена паспорта — 14 лет');
  await page.keyboard.press('Delete');
  await assertValue(search, '');
  await page.evaluate(() => navigator.clipboard.writeText('пособие на ребёнка'));
  await page.keyboard.press('Control+V');
  await assertValue(search, 'пособие на ребёнка');
  await page.context().close();
});

test('stays idle: once loaded, no frame while nothing happens', async () => {
  const page = await openPage(browser, server.url);
  await waitForApp(page);
  await settleIdle(page);
  const a = await framesDrawn(page);
  await new Promise((r) => setTimeout(r, 2000));  // an idle period is measured, not waited on
  const b = await framesDrawn(page);
  assert.equal(b - a, 0, `drew ${b - a} frames in 2 idle seconds`);
  await page.mouse.move(400, 300);
  await page.mouse.move(420, 310);
  await page.waitForFunction((n) => window.__lk.glue.frames > n, b);
  await page.context().close();
});

test('phone 390x844 at devicePixelRatio 3: crisp canvas, menu instead of tabs, touch works', async () => {
  const page = await openPage(browser, server.url, { width: 390, height: 844, dpr: 3, touch: true });
  await waitForApp(page);
  const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  assert.deepEqual(size, [1170, 2532]);
  assert.equal(await widget(page, 'tab', 'Профиль').count(), 0);
  await screenshot(page, 'shell-390x844-dpr3-catalog');
  await tap(page, widget(page, 'button', 'Меню'));
  await widget(page, 'link', 'Профиль').waitFor();
  assert.equal(await widget(page, 'button', 'Меню').getAttribute('aria-expanded'), 'true');
  await screenshot(page, 'shell-390x844-dpr3-menu');
  await tap(page, widget(page, 'link', 'Профиль'));
  await page.locator('#a11y-root').getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/login');
  await screenshot(page, 'shell-390x844-dpr3-login');
  for (const box of await page.locator('#a11y-root [data-n]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right)))
    assert.ok(box <= 390.5, `a widget reaches x=${box}`);
  await page.context().close();
});

// A flick on a phone: 300 px of finger in six moves. The page glides on after the finger
// lifts (momentum) and comes to rest; under prefers-reduced-motion it stops where the finger left it.
// How far it went is read from the mirror: the nodes there before and after, by their ids.
async function flick(reducedMotion) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, reducedMotion });
  const page = await context.newPage();
  await page.goto(`${server.url}#/catalog/all`);
  await waitForApp(page);
  await settleFrames(page, { quiet: 500 });
  const where = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#a11y-root main [data-n]')]
    .map((e) => [e.getAttribute('data-n'), e.getBoundingClientRect().top])));
  const before = await where();
  const cdp = await context.newCDPSession(page);
  // Each event carries when the finger was there (60 Hz, about 3,000 px/s), as a phone's do: the
  // app reads the speed from those times, not from when a busy page got round to the events.
  const t0 = Date.now() / 1000;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 180, y: 650 }], timestamp: t0 });
  for (let i = 1; i <= 6; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 180, y: 650 - i * 50 }], timestamp: t0 + i / 60 });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [], timestamp: t0 + 7 / 60 });
  await settleIdle(page);  // comes to rest: no frame for a second (fails after a minute of frames)
  const after = await where();
  const moved = Object.keys(before).filter((id) => id in after).map((id) => before[id] - after[id]);
  assert.ok(moved.length > 0, 'some node is on screen before and after');
  await context.close();
  return Math.max(...moved);
}

test('a flick on a phone glides on and comes to rest; with prefers-reduced-motion it stops with the finger', async () => {
  const glided = await flick('no-preference');
  assert.ok(glided > 300 + 100, `the page went on after the finger lifted: ${glided} px for 300 px of finger`);
  const still = await flick('reduce');
  assert.ok(Math.abs(still - 300) <= 30, `with reduced motion the page moved with the finger only: ${still} px`);
});

test('follows window resizes: canvas size and click coordinates stay right', async () => {
  const page = await openPage(browser, server.url, { width: 1280, height: 800 });
  await waitForApp(page);
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 1000);
  // At 1000 px six tabs and the buttons do not fit side by side: the menu has the navigation.
  await click(page, widget(page, 'button', 'Меню'));
  await click(page, widget(page, 'link', 'Уведомления'));
  await page.locator('#a11y-root').getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
  await page.context().close();
});

test('backend down: a readable message with a retry that works once it is back', async () => {
  const page = await openPage(browser, null);
  await page.route('**/api/v1/health', (route) => route.abort('connectionrefused'));
  await page.goto(server.url);
  await waitForApp(page);
  const alert = page.locator('#a11y-root').getByRole('alert');
  await alert.first().waitFor();
  assert.match(await alert.first().textContent(), /Сервер портала недоступен/);
  await screenshot(page, 'shell-1280x800-backend-down');
  await page.unroute('**/api/v1/health');
  await click(page, widget(page, 'button', 'Повторить'));
  await alert.first().waitFor({ state: 'detached' });
  await page.context().close();
});

test('failed .wasm download: a message and a retry button, not a blank page', async () => {
  const page = await openPage(browser, null);
  await page.route('**/app.wasm', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await page.goto(server.url);
  await page.locator('#fatal').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#fatal-title').textContent(), 'Не удалось загрузить личный кабинет');
  assert.ok(await page.getByRole('button', { name: 'Попробовать снова' }).isVisible());
  await screenshot(page, 'shell-fatal-download');
  await page.context().close();
});

test('no WebGL2 / no WebAssembly: the page says so', async () => {
  let page = await openPage(browser, server.url, {
    init: () => {
      const orig = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) { return kind === 'webgl2' ? null : orig.call(this, kind, ...rest); };
    },
  });
  await page.locator('#fatal').waitFor({ state: 'visible' });
  assert.match(await page.locator('#fatal-title').textContent(), /WebGL 2/);
  await page.context().close();
  page = await openPage(browser, server.url, { init: () => { delete window.WebAssembly; } });
  await page.locator('#fatal').waitFor({ state: 'visible' });
  assert.match(await page.locator('#fatal-title').textContent(), /WebAssembly/);
  await page.context().close();
});

async function assertValue(locator, expected) {
  await locator.page().waitForFunction(([el, v]) => el && el.value === v, [await locator.elementHandle(), expected], { timeout: 5000 })
    .catch(async () => assert.equal(await locator.inputValue(), expected));
}

async function assertAttr(locator, name, expected) {
  const deadline = Date.now() + 5000;
  let got;
  while (Date.now() < deadline) {
    got = await locator.getAttribute(name);
    if (got === expected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(got, expected, `${name}`);
}
