// Accounts in the browser, as a citizen would do it: register, confirm the phone, sign in with
// the second factor, edit the profile, see the change in the history, restore the old version,
// log out — and afterwards the page keeps no personal data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, launch, openPage, waitForApp, widget, click, screenshot, scrollTo, heading, typeInto, passwordStep, codeStep, description } from './lib.mjs';

let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function frameStats(page, since) {
  return page.evaluate((t0) => {
    const log = window.__lk.glue.frameLog.filter(([t]) => t >= t0);
    let gap = 0;
    for (let i = 1; i < log.length; i++) gap = Math.max(gap, log[i][0] - log[i - 1][0]);
    return { frames: log.length, maxCpuMs: Math.max(0, ...log.map(([, ms]) => ms)), maxGapMs: gap };
  }, since);
}

test('register, confirm, sign in with the second factor, edit the profile, restore a version, log out leaving nothing behind', async () => {
  const page = await openPage(browser, server.url, { width: 1280, height: 900 });
  await waitForApp(page);
  await click(page, widget(page, 'button', 'Войти'));
  await click(page, widget(page, 'link', 'Зарегистрироваться'));
  await heading(page, 'Регистрация').waitFor();
  const fields = [['Фамилия', 'Соколова'], ['Имя', 'Анна'], ['Отчество (если есть)', 'Игоревна'], ['Дата рождения', '15.03.1990'],
    ['Мобильный телефон', '+7 905 111-22-33'], ['Электронная почта', 'anna.sokolova@example.ru']];
  for (const [name, value] of fields) await typeInto(page, widget(page, 'textbox', name), value);
  await typeInto(page, widget(page, 'password', 'Пароль'), 'Пароль2026');
  await typeInto(page, widget(page, 'password', 'Повторите пароль'), 'Пароль2026');
  await click(page, await scrollTo(page, widget(page, 'checkbox', 'Согласен на обработку персональных данных')));
  await screenshot(page, 'account-register-filled');
  await click(page, await scrollTo(page, widget(page, 'button', 'Зарегистрироваться')));
  await heading(page, 'Подтвердите телефон').waitFor({ timeout: 20000 });
  await screenshot(page, 'account-register-code');
  await typeInto(page, widget(page, 'textbox', 'Код подтверждения'), await server.lastCode('+79051112233'));
  await click(page, widget(page, 'button', 'Подтвердить'));
  await heading(page, 'Вход в личный кабинет').waitFor({ timeout: 20000 });
  assert.match(await page.locator('#a11y-root').getByRole('status').first().textContent(), /Регистрация завершена/);
  assert.equal(await widget(page, 'textbox', 'Телефон, e-mail или СНИЛС').inputValue(), '+7 905 111-22-33', 'the phone is filled in');

  // Sign in: Argon2id runs in a worker while the page keeps drawing.
  await typeInto(page, widget(page, 'password', 'Пароль'), 'Пароль2026');
  const t0 = await page.evaluate(() => performance.now());
  await click(page, widget(page, 'button', 'Войти').last());
  await heading(page, 'Подтвердите вход').waitFor({ timeout: 20000 });
  const t1 = await page.evaluate(() => performance.now());
  const during = await frameStats(page, t0);
  await screenshot(page, 'account-login-code');
  await typeInto(page, widget(page, 'textbox', 'Код подтверждения'), await server.lastCode('+79051112233'));
  const t2 = await page.evaluate(() => performance.now());
  await click(page, widget(page, 'button', 'Подтвердить'));
  await page.locator('#a11y-root').getByRole('button', { name: 'Учётная запись: Анна С.' }).waitFor({ timeout: 20000 });
  const t3 = await page.evaluate(() => performance.now());
  console.log(`login: password → code screen ${(t1 - t0).toFixed(0)} ms (Argon2id 64 MiB in a worker), code → signed in ${(t3 - t2).toFixed(0)} ms; ` +
    `while deriving: ${during.frames} frames, longest frame ${during.maxCpuMs.toFixed(1)} ms CPU, longest gap between frames ${during.maxGapMs.toFixed(0)} ms`);
  assert.ok(during.frames > 5, 'the page keeps drawing while the password is processed');
  await heading(page, 'Профиль').waitFor();
  assert.equal(new URL(page.url()).hash, '#/profile');
  await screenshot(page, 'account-profile');

  // Edit the profile: the change is confirmed, then saved as a new version.
  await click(page, widget(page, 'button', 'Изменить данные'));
  await typeInto(page, widget(page, 'textbox', 'Адрес проживания'), '119019, г. Москва, ул. Новый Арбат, д. 1');
  await typeInto(page, widget(page, 'textbox', 'СНИЛС'), '112-233-445 96');
  await click(page, await scrollTo(page, widget(page, 'button', 'Сохранить')));
  const snils = await scrollTo(page, widget(page, 'textbox', 'СНИЛС'));
  assert.equal(await snils.getAttribute('aria-invalid'), 'true');
  assert.match(await description(snils), /контрольное число/);
  await typeInto(page, widget(page, 'textbox', 'СНИЛС'), '200-300-400 48');
  await click(page, await scrollTo(page, widget(page, 'button', 'Сохранить')));
  await heading(page, 'Подтвердите изменения').waitFor();
  await screenshot(page, 'account-profile-confirm');
  await click(page, widget(page, 'button', 'Подтвердить').last());
  await page.waitForFunction(() => document.getElementById('a11y-root').textContent.includes('Профиль'));
  await scrollTo(page, page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Изменения сохранены. Новая версия профиля: 2.' }));

  // History: compare version 1 with the current data, restore it.
  await click(page, await scrollTo(page, widget(page, 'tab', 'История изменений')));
  await click(page, widget(page, 'listitem', 'Версия 1'));
  await page.locator('#a11y-root').getByText(/Адреса — Адрес проживания\. Было \(Версия 1\): —\. Стало \(текущая\): 119019/).waitFor();
  await screenshot(page, 'account-history-compare');
  await click(page, widget(page, 'button', 'Восстановить эту версию'));
  await heading(page, 'Восстановить версию 1?').waitFor();
  await click(page, widget(page, 'button', 'Подтвердить').last());
  await widget(page, 'listitem', 'Версия 3').waitFor();
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Версия восстановлена' }).first().waitFor();

  // Security: this device is listed, the log has the events.
  await click(page, widget(page, 'tab', 'Безопасность'));
  // The label is the server's reading of the User-Agent (headless Chromium calls itself HeadlessChrome).
  await page.locator('#a11y-root').getByText(/Chrome \d+, Linux — Это устройство/).first().waitFor();
  await page.locator('#a11y-root').getByText(/Изменение профиля/).first().waitFor();
  await screenshot(page, 'account-security');

  // Log out: the session ends, nothing personal stays in the page or its storage.
  await click(page, widget(page, 'button', 'Выйти'));
  await heading(page, 'Вход в личный кабинет').waitFor();
  const leftovers = await page.evaluate(async () => ({
    local: Object.keys(localStorage).length,
    session: Object.keys(sessionStorage).length,
    cookies: document.cookie,
    idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
    mirror: document.getElementById('a11y-root').textContent,
    input: document.getElementById('text-input').value,
  }));
  assert.deepEqual([leftovers.local, leftovers.session, leftovers.cookies, leftovers.idb], [0, 0, '', 0]);
  for (const personal of ['Соколова', 'Анна', '119019', 'anna.sokolova', '20030040048', '905'])
    assert.ok(!leftovers.mirror.includes(personal), `the page still shows ${personal}`);
  assert.ok(!leftovers.input.trim(), 'the hidden input holds nothing');
  // The old session token is no longer accepted (checked from outside the page).
  assert.deepEqual(page.problems.filter((p) => !p.includes('401')), []);
  await page.context().close();
});

test('a demo citizen: wrong password counts down, then sign in by e-mail and see verified data as text', async () => {
  const page = await openPage(browser, `${server.url}#/login`);
  await waitForApp(page);
  await typeInto(page, widget(page, 'textbox', 'Телефон, e-mail или СНИЛС'), 'petrov@example.ru');
  await typeInto(page, widget(page, 'password', 'Пароль'), 'Неверный2026');
  await page.keyboard.press('Enter');
  await page.locator('#a11y-root').getByRole('alert').filter({ hasText: 'Осталось попыток: 4' }).waitFor({ timeout: 20000 });
  await screenshot(page, 'account-wrong-password');
  await passwordStep(page, 'petrov@example.ru', 'Gosuslugi2026');
  await codeStep(page, server, '+79161112233');
  await page.locator('#a11y-root').getByText('СНИЛС: 123-456-789 64 (подтверждено)').waitFor();
  await page.context().close();
});

test('a backend that answers HTML or truncated JSON: a clear message and a retry, nothing lost', async () => {
  const page = await openPage(browser, `${server.url}#/login`);
  await waitForApp(page);
  await typeInto(page, widget(page, 'textbox', 'Телефон, e-mail или СНИЛС'), '+7 900 123-45-68');
  await typeInto(page, widget(page, 'password', 'Пароль'), 'Gosuslugi2026');
  await page.keyboard.press('Enter');
  await heading(page, 'Подтвердите вход').waitFor({ timeout: 20000 });
  // From now on the profile endpoint is broken: first an HTML error page, then cut-off JSON.
  let broken = 'html';
  await page.route('**/api/v1/profile', (route) => {
    if (broken === 'html') return route.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' });
    if (broken === 'truncated') return route.fulfill({ status: 200, contentType: 'application/json', body: '{"version": 1, "data": {"last_na' });
    return route.continue();
  });
  await typeInto(page, widget(page, 'textbox', 'Код подтверждения'), await server.lastCode('+79001234568'));
  await page.keyboard.press('Enter');
  const alert = page.locator('#a11y-root').getByRole('alert').filter({ hasText: 'Сервер прислал неверный ответ' });
  await alert.waitFor({ timeout: 20000 });
  await screenshot(page, 'account-backend-html');
  broken = 'truncated';
  await click(page, widget(page, 'button', 'Повторить'));
  await alert.waitFor();
  broken = 'none';
  await click(page, widget(page, 'button', 'Повторить'));
  await page.locator('#a11y-root').getByText('Фамилия: Иванова').waitFor({ timeout: 20000 });
  assert.equal(await alert.count(), 0);
  await page.unroute('**/api/v1/profile');
  await page.context().close();
});

// RFC 6238 as an authenticator app computes it (HMAC-SHA1, 30-s steps, 6 digits).
function totp(secretBase32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretBase32) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

test('security: a new e-mail confirmed with a code signs in; an authenticator app with recovery codes shown once, on a phone too', async () => {
  const page = await openPage(browser, `${server.url}#/login`, { width: 1280, height: 900 });
  await waitForApp(page);
  await passwordStep(page, '+79001234568', 'Gosuslugi2026');
  await codeStep(page, server, '+79001234568');

  // The e-mail changes in the profile: it is no sign-in identifier until confirmed.
  await click(page, widget(page, 'button', 'Изменить данные'));
  await typeInto(page, widget(page, 'textbox', 'Электронная почта'), 'maria.ivanova@example.ru');
  await click(page, await scrollTo(page, widget(page, 'button', 'Сохранить')));
  await heading(page, 'Подтвердите изменения').waitFor();
  await click(page, widget(page, 'button', 'Подтвердить').last());
  await scrollTo(page, page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Изменения сохранены' }));
  await click(page, await scrollTo(page, widget(page, 'tab', 'Безопасность')));
  await click(page, await scrollTo(page, widget(page, 'button', 'Отправить код на почту')));
  // The code field appears once the backend has answered, and so has sent the code: read the
  // outbox only then (read before, under load, it had no code yet and an empty one was typed).
  const emailCode = widget(page, 'textbox', 'Код из письма');
  await emailCode.waitFor({ timeout: 30000 });
  await typeInto(page, emailCode, await server.lastCode('maria.ivanova@example.ru'));
  await screenshot(page, 'security-email-code');
  await click(page, await scrollTo(page, widget(page, 'button', 'Подтвердить почту')));
  // The answer replaces the code field in the same card, on screen: wait for it as long as it takes.
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Почта maria.ivanova@example.ru подтверждена' }).first().waitFor();

  // The authenticator app: the key, a code from it, then the recovery codes — once.
  await click(page, await scrollTo(page, widget(page, 'button', 'Подключить приложение')));
  const keyBox = await scrollTo(page, widget(page, 'textbox', 'Ключ для приложения'));
  const secret = await keyBox.inputValue();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await typeInto(page, widget(page, 'textbox', 'Код из приложения'), totp(secret));
  await click(page, await scrollTo(page, widget(page, 'button', 'Включить')));
  const codesBox = await scrollTo(page, widget(page, 'textbox', 'Резервные коды'));
  const codes = (await codesBox.inputValue()).trim().split(/\s+/);
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{2}$/);
  await screenshot(page, 'security-totp-recovery-codes');
  await page.setViewportSize({ width: 390, height: 844 });
  await scrollTo(page, widget(page, 'textbox', 'Резервные коды'), { x: 200, y: 400 });
  await screenshot(page, 'security-totp-recovery-codes-390');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // The confirmed e-mail signs in, and the second factor is now the app (no SMS code is sent).
  const smsBefore = await server.lastCode('+79001234568');
  const again = await openPage(browser, `${server.url}#/login`);
  await waitForApp(again);
  await passwordStep(again, 'maria.ivanova@example.ru', 'Gosuslugi2026');
  assert.equal(await server.lastCode('+79001234568'), smsBefore, 'no SMS code: the second factor is the app now');
  await again.context().close();
});
